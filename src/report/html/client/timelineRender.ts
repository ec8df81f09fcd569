/**
 * Page script, part 4: drawing. Only the lanes scrolled into view (plus a margin, plus lanes where a
 * violation shows) get marks, and only for the steps inside the time window; steps that fall within the
 * same few pixels of a lane share one mark, represented by its most telling step (the selected one, then the
 * causal chain, then a failed outcome). So the page holds at most a few thousand marks whatever the length
 * of the trace. Violation steps and the selected step always get a mark of their own.
 */
export const timelineRenderScript = (laneHeight: number, laneLabelWidth: number): string => String.raw`
const laneHeight = ${laneHeight};
const labelWidth = ${laneLabelWidth};
const bucketPx = 4;
let scale = null;
let stepU = new Float64Array(N);
const view = { u0: 0, u1: 1 };
let selected = -1;
let rendered = new Set();
let overviewDirty = true;
let renderQueued = false;

function setScale(mode) {
  scale = buildScale(mode);
  for (let i = 0; i < N; i++) stepU[i] = toU(scale, stepT[i]);
  for (const lane of lanes) {
    lane.steps.sort((a, b) => stepU[a] - stepU[b] || a - b);
    lane.steps.forEach((s, j) => { lane.u[j] = stepU[s]; });
  }
  overviewDirty = true;
}

function trackWidth() {
  return Math.max(document.getElementById('lanes').clientWidth - labelWidth, 50);
}

function lowerBound(arr, value) {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] < value) lo = mid + 1; else hi = mid; }
  return lo;
}

function highlightOf(s) {
  return violationAt.has(s) ? 'violation' : chain[s] === 1 ? 'chain' : '';
}

function markHtml(s, x, count) {
  const hl = highlightOf(s);
  return '<i class="m s' + stepService[s] + (count > 1 ? ' multi' : '') + (stepFailed[s] ? ' err' : '') + (s === selected ? ' selected' : '') + '" data-step="' + s + '"' +
    (hl ? ' data-highlight="' + hl + '"' : '') + (count > 1 ? ' data-count="' + count + '"' : '') +
    ' style="left:' + (x - 2).toFixed(1) + 'px"></i>';
}

function renderLane(lane, width) {
  const k = width / (view.u1 - view.u0);
  const from = lowerBound(lane.u, view.u0 - 8 / k), to = lowerBound(lane.u, view.u1 + 8 / k);
  const html = [];
  let bucket = NaN, rep = -1, count = 0, score = -1;
  const flush = () => { if (rep >= 0) html.push(markHtml(rep, (stepU[rep] - view.u0) * k, count)); };
  for (let j = from; j < to; j++) {
    const s = lane.steps[j];
    if (!stepShown[s] || s === selected || violationAt.has(s)) continue;
    const b = Math.floor(((lane.u[j] - view.u0) * k) / bucketPx);
    const sc = chain[s] * 2 + (stepFailed[s] ? 1 : 0);
    if (b !== bucket) { flush(); bucket = b; rep = s; count = 1; score = sc; } else { count++; if (sc > score) { rep = s; score = sc; } }
  }
  flush();
  const special = lane.violationSteps.slice();
  if (selected >= 0 && laneOfStep[selected] === lane.index && !violationAt.has(selected)) special.push(selected);
  for (const s of special) {
    if (stepShown[s] && stepU[s] >= view.u0 - 8 / k && stepU[s] <= view.u1 + 8 / k) html.push(markHtml(s, (stepU[s] - view.u0) * k, 1));
  }
  lane.track.innerHTML = html.join('');
}

function renderLinks(width) {
  const k = width / (view.u1 - view.u0);
  const parts = [];
  for (let s = 0; s < N; s++) {
    const p = T.parent[s];
    if (chain[s] !== 1 || p < 0 || chain[p] !== 1 || !stepShown[s] || !stepShown[p]) continue;
    const a = lanes[laneOfStep[p]], b = lanes[laneOfStep[s]];
    if (a.row < 0 || b.row < 0) continue;
    const x1 = (stepU[p] - view.u0) * k, x2 = (stepU[s] - view.u0) * k;
    if ((x1 < 0 && x2 < 0) || (x1 > width && x2 > width)) continue;
    const y1 = a.row * laneHeight + laneHeight / 2, y2 = b.row * laneHeight + laneHeight / 2;
    parts.push('M' + x1.toFixed(1) + ' ' + y1 + (y1 === y2 ? 'L' : 'C' + ((x1 + x2) / 2).toFixed(1) + ' ' + y1 + ' ' + ((x1 + x2) / 2).toFixed(1) + ' ' + y2 + ' ') + x2.toFixed(1) + ' ' + y2);
  }
  const height = rows.length * laneHeight;
  document.getElementById('links').innerHTML = parts.length === 0 ? '' : '<svg width="' + width + '" height="' + height + '"><path d="' + parts.join('') + '"></path></svg>';
}

function renderAxis(width) {
  const axis = document.getElementById('axis');
  axis.style.width = width + 'px';
  const k = width / (view.u1 - view.u0);
  const marks = axisMarks(scale, view.u0, view.u1, width);
  axis.innerHTML = marks.ticks.map((t) => '<div class="tick" style="left:' + ((t.u - view.u0) * k).toFixed(1) + 'px">' + esc(t.label) + '</div>').join('') +
    marks.folds.map((f) => '<div class="fold" style="left:' + ((f.u - view.u0) * k).toFixed(1) + 'px"><span>' + esc(f.label) + '</span></div>').join('');
  document.getElementById('window-label').textContent = formatClock(fromU(scale, view.u0), 1) + ' – ' + formatClock(fromU(scale, view.u1), 1);
}

function renderOverview(width) {
  const box = document.getElementById('overview');
  box.style.width = width + 'px';
  const range = scale.uMax - scale.uMin || 1;
  if (overviewDirty) {
    overviewDirty = false;
    const canvas = document.getElementById('overview-canvas');
    const ratio = window.devicePixelRatio || 1, height = box.clientHeight || 34;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    const counts = new Float64Array(Math.ceil(width) + 1), hot = new Uint8Array(counts.length);
    for (let i = 0; i < N; i++) {
      if (!stepShown[i]) continue;
      const x = Math.floor(((stepU[i] - scale.uMin) / range) * width);
      counts[x]++;
      if (chain[i] === 1) hot[x] = Math.max(hot[x], 1);
      if (violationAt.has(i)) hot[x] = 2;
    }
    const max = Math.max(1, ...counts);
    for (let x = 0; x < counts.length; x++) {
      if (counts[x] === 0) continue;
      const h = Math.max(2, Math.sqrt(counts[x] / max) * (height - 4));
      g.fillStyle = hot[x] === 2 ? '#d92d20' : hot[x] === 1 ? '#f79009' : '#98a2b3';
      g.fillRect(x, height - h, 1, hot[x] === 2 ? height : h);
    }
  }
  const win = document.getElementById('overview-window');
  const left = ((view.u0 - scale.uMin) / range) * width, right = ((view.u1 - scale.uMin) / range) * width;
  win.style.left = Math.max(0, left) + 'px';
  win.style.width = Math.max(2, Math.min(width, right) - Math.max(0, left)) + 'px';
}

function render() {
  renderQueued = false;
  const width = trackWidth();
  const scroller = document.getElementById('lanes-scroll');
  const first = Math.max(0, Math.floor(scroller.scrollTop / laneHeight) - 10);
  const last = Math.min(rows.length - 1, Math.ceil((scroller.scrollTop + scroller.clientHeight) / laneHeight) + 10);
  const next = new Set();
  for (let r = first; r <= last; r++) if (rows[r].lane) next.add(rows[r].lane);
  for (const lane of lanes) if (lane.row >= 0 && lane.violationSteps.length > 0) next.add(lane);
  if (selected >= 0 && lanes[laneOfStep[selected]].row >= 0) next.add(lanes[laneOfStep[selected]]);
  for (const lane of rendered) if (!next.has(lane)) lane.track.innerHTML = '';
  for (const lane of next) renderLane(lane, width);
  rendered = next;
  renderLinks(width);
  renderAxis(width);
  renderOverview(width);
}

function requestRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render);
}
`;
