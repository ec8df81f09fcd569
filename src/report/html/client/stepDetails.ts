/**
 * Page script, part 5: what a step says. Hovering a mark shows a one-line summary (and how many steps the
 * mark stands for); clicking shows the step in the details panel: time, actor, op, entities, outcome, its
 * parent and children as links, lifecycle events, details, running hash, and its part in any violation.
 */
export const stepDetailsScript = String.raw`
function stepLink(s) {
  return '<button type="button" class="goto" data-goto="' + s + '">#' + s + '</button> <span class="mono">' + esc(actorOf(s)) + ' ' + esc(opOf(s)) + '</span>';
}

function detailValue(v) {
  return typeof v === 'string' ? esc(v) : esc(JSON.stringify(v));
}

function showDetails(s, count) {
  const panel = document.getElementById('details');
  if (!isStep(s)) { panel.innerHTML = '<p class="hint">No step ' + esc(s) + ': the trace has steps 0 to ' + (N - 1) + '.</p>'; return; }
  const row = (k, v) => '<tr><th>' + k + '</th><td>' + v + '</td></tr>';
  const tags = [];
  for (const i of violationAt.get(s) || []) tags.push('<span class="tag v">' + esc(violations[i].invariant) + ' shows here</span>');
  violations.forEach((v, i) => {
    if ((violationAt.get(s) || []).includes(i)) return;
    if (v.steps.indexOf(s) >= 0) tags.push('<span class="tag">named by violation ' + (i + 1) + '</span>');
    else if (violationChains[i][s] === 1) tags.push('<span class="tag">on the causal chain of violation ' + (i + 1) + '</span>');
  });
  if (schedulingPoint[s]) tags.push('<span class="tag">first step after a scheduling choice</span>');
  const parent = T.parent[s];
  const children = childrenOf(s);
  const events = [];
  for (let e = 0; e < T.events[s].length; e += 3) events.push(esc(str[T.events[s][e]]) + ' ' + esc(str[T.events[s][e + 1]]) + ': <b>' + esc(str[T.events[s][e + 2]]) + '</b>');
  const detail = T.detail[s] || {};
  const lane = lanes[laneOfStep[s]];
  const html = ['<h3>#' + s + ' ' + esc(opOf(s)) + '</h3>', tags.join('')];
  if (count > 1) html.push('<p class="hint">This mark stands for ' + count + ' steps in a few pixels; zoom in to separate them. <button type="button" id="zoom-here">zoom here</button></p>');
  if (!lane.shown || lane.row < 0) html.push('<p class="hint">Its lane is hidden by the filters or a collapsed group.</p>');
  html.push('<table>',
    row('time', stepT[s].toFixed(3) + ' ms (' + esc(formatClock(stepT[s], 1)) + ')'),
    row('actor', '<button type="button" data-actor="' + esc(actorOf(s)) + '" title="filter to this actor">' + esc(actorOf(s)) + '</button>'),
    row('op', esc(opOf(s))),
    row('outcome', stepFailed[s] ? '<span class="bad">' + esc(outcomeOf(s)) + '</span>' : esc(outcomeOf(s))),
    row('entities', entitiesOf(s).map((e) => '<button type="button" data-entity="' + esc(e) + '" title="filter to this entity">' + esc(e) + '</button>').join('<br>') || '–'),
    row('parent', parent >= 0 ? stepLink(parent) : '–'),
    row('children', children.slice(0, 25).map(stepLink).join('<br>') + (children.length > 25 ? '<br>… ' + (children.length - 25) + ' more' : '') || '–'),
    row('events', events.join('<br>') || '–'));
  for (const key of Object.keys(detail)) html.push(row(esc(key), detailValue(detail[key])));
  html.push(row('hash', esc(T.hash[s])), '</table>');
  panel.innerHTML = html.join('');
}

function tooltipText(s, count) {
  const ents = entitiesOf(s);
  const shown = ents.slice(0, 2).join(' ') + (ents.length > 2 ? ' +' + (ents.length - 2) : '');
  return '#' + s + '  ' + formatClock(stepT[s], 1) + '  ' + actorOf(s) + '\n' + opOf(s) + (shown ? ' ' + shown : '') + ' → ' + outcomeOf(s) +
    (violationAt.has(s) ? '\nviolation: ' + violationAt.get(s).map((i) => violations[i].invariant).join(', ') : '') +
    (count > 1 ? '\n+' + (count - 1) + ' more steps in this mark' : '');
}
`;
