/**
 * Page script, part 3: one lane per actor of the trace, grouped by what the actor is (the function of a
 * Lambda invocation and its child tasks, a queue's event source mapping, the stream's shard lanes, a
 * client), groups in order of first appearance and a child task right under its invocation. The filters
 * decide which steps and lanes show; only the rows shown take space, so a lane's vertical position is its
 * index among them.
 */
export const laneLayoutScript = String.raw`
function groupOf(actor) {
  let root = actor.split('/')[0].replace(/~\d+$/, '');
  if (root.indexOf(' ') < 0) { const dot = root.lastIndexOf('.'); if (dot > 0) root = root.slice(0, dot); }
  return root;
}

const lanes = [];
const laneOfStep = new Int32Array(N);
const groups = [];
(function buildLanes() {
  const byActor = new Map();
  for (let i = 0; i < N; i++) {
    const a = T.actor[i];
    let lane = byActor.get(a);
    if (lane === undefined) {
      const actor = str[a];
      lane = { actor, group: groupOf(actor), first: i, stepList: [], violationSteps: [] };
      byActor.set(a, lane);
      lanes.push(lane);
    }
    lane.stepList.push(i);
  }
  const firstOfActor = new Map(lanes.map((l) => [l.actor, l.first]));
  const byGroup = new Map();
  for (const lane of lanes) {
    const root = lane.actor.split('/')[0];
    lane.rootFirst = firstOfActor.has(root) ? firstOfActor.get(root) : lane.first;
    lane.child = lane.actor.indexOf('/') >= 0;
    if (!byGroup.has(lane.group)) { const g = { name: lane.group, lanes: [], collapsed: false }; byGroup.set(lane.group, g); groups.push(g); }
    byGroup.get(lane.group).lanes.push(lane);
  }
  for (const g of groups) g.lanes.sort((a, b) => a.rootFirst - b.rootFirst || a.first - b.first);
  lanes.length = 0;
  for (const g of groups) for (const lane of g.lanes) { lane.index = lanes.length; lanes.push(lane); }
  for (const lane of lanes) {
    lane.steps = Int32Array.from(lane.stepList);
    for (const s of lane.steps) laneOfStep[s] = lane.index;
    lane.u = new Float64Array(lane.steps.length);
    delete lane.stepList;
  }
  for (const s of violationAt.keys()) lanes[laneOfStep[s]].violationSteps.push(s);
})();

function laneRowsHtml() {
  const html = [];
  for (const g of groups) {
    html.push('<div class="group" data-group="' + esc(g.name) + '"><div class="lane-label">' + esc(g.name) + ' <span class="count">' + g.lanes.length + ' lanes</span></div><div class="track"></div></div>');
    for (const lane of g.lanes) {
      html.push('<div class="lane' + (lane.violationSteps.length > 0 ? ' has-violation' : '') + '" data-lane="' + esc(lane.actor) + '"><div class="lane-label" title="' + esc(lane.actor) + ' (' + lane.steps.length + ' steps)" style="padding-left:' + (lane.child ? 22 : 10) + 'px">' + esc(lane.actor) + ' <span class="count">' + lane.steps.length + '</span></div><div class="track"></div></div>');
    }
  }
  return html.join('');
}

const filter = { actor: [], entity: [], chainOnly: false };
const stepShown = new Uint8Array(N);
let chain = allChains;
let rows = [];

function filterTerms(text) {
  return text.toLowerCase().split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function termsMatch(text, terms) {
  const lower = text.toLowerCase();
  return terms.some((t) => (t[0] === '=' ? lower === t.slice(1) : lower.indexOf(t) >= 0));
}

function applyFilters() {
  const actorOk = lanes.map((l) => filter.actor.length === 0 || termsMatch(l.actor, filter.actor));
  const entityOk = new Int8Array(str.length).fill(-1);
  const entityMatches = (k) => { if (entityOk[k] < 0) entityOk[k] = termsMatch(str[k], filter.entity) ? 1 : 0; return entityOk[k] === 1; };
  const stepFilters = filter.entity.length > 0 || filter.chainOnly;
  let count = 0;
  for (const lane of lanes) lane.shownSteps = 0;
  for (let i = 0; i < N; i++) {
    const lane = lanes[laneOfStep[i]];
    const shown = actorOk[lane.index] && (filter.entity.length === 0 || T.entities[i].some(entityMatches)) && (!filter.chainOnly || chain[i] === 1);
    stepShown[i] = shown ? 1 : 0;
    if (shown) { count++; lane.shownSteps++; }
  }
  for (const lane of lanes) lane.shown = actorOk[lane.index] && (!stepFilters || lane.shownSteps > 0);
  const shownLanes = lanes.filter((l) => l.shown).length;
  const out = document.getElementById('visible-steps');
  out.dataset.visibleSteps = String(count);
  out.dataset.visibleLanes = String(shownLanes);
  out.textContent = count.toLocaleString('en') + ' of ' + N.toLocaleString('en') + ' steps · ' + shownLanes + ' of ' + lanes.length + ' lanes';
}

function layoutRows() {
  rows = [];
  for (const g of groups) {
    const shown = g.lanes.filter((l) => l.shown);
    g.el.style.display = shown.length > 0 ? '' : 'none';
    g.el.classList.toggle('collapsed', g.collapsed);
    if (shown.length > 0) rows.push({ el: g.el, lane: null });
    for (const lane of g.lanes) {
      const visible = lane.shown && !g.collapsed;
      lane.el.style.display = visible ? '' : 'none';
      lane.row = visible ? rows.length : -1;
      if (visible) rows.push({ el: lane.el, lane });
    }
  }
  const height = Math.min(rows.length * laneHeight + 1, Math.max(320, window.innerHeight * 0.62));
  document.getElementById('lanes-scroll').style.height = Math.max(height, 3 * laneHeight) + 'px';
}
`;
