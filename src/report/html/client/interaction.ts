/**
 * Page script, part 6: the controls and the start. Filters re-filter on every keystroke; wheel, drag and
 * the overview move the time window; step buttons anywhere on the page (violations, details) select and
 * reveal a step; a violation's "show causal chain" narrows the highlighted chain to it. At the start the
 * whole run is in view and the first violation's step is selected; `data-ready` on <body> tells a
 * test that the lanes are drawn.
 */
export const interactionScript = String.raw`
const minSpan = 0.01;

function setView(u0, u1) {
  const full = scale.uMax - scale.uMin;
  let span = Math.min(Math.max(u1 - u0, minSpan), full * 1.1 + minSpan);
  let a = Math.max(Math.min(u0, scale.uMax + full * 0.05 - span), scale.uMin - full * 0.05);
  if (u1 - u0 < minSpan) a = (u0 + u1) / 2 - span / 2;
  view.u0 = a;
  view.u1 = a + span;
  requestRender();
}

function fit() {
  const pad = Math.max((scale.uMax - scale.uMin) * 0.01, minSpan);
  setView(scale.uMin - pad, scale.uMax + pad);
}

function zoomAt(u, factor) {
  setView(u - (u - view.u0) * factor, u + (view.u1 - u) * factor);
}

function fitChain() {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < N; i++) if (chain[i] === 1 && stepShown[i]) { lo = Math.min(lo, stepU[i]); hi = Math.max(hi, stepU[i]); }
  if (lo === Infinity) return fit();
  const pad = Math.max((hi - lo) * 0.05, 1);
  setView(lo - pad, hi + pad);
}

function refilter() {
  applyFilters();
  layoutRows();
  overviewDirty = true;
  render();
}

function selectStep(s, reveal, count) {
  if (!isStep(s)) { showDetails(s, 1); return; }
  selected = s;
  const lane = lanes[laneOfStep[s]];
  if (reveal) {
    const group = groups.find((g) => g.name === lane.group);
    if (group.collapsed && lane.shown) { group.collapsed = false; layoutRows(); }
    if (lane.row >= 0) {
      const scroller = document.getElementById('lanes-scroll');
      const y = lane.row * laneHeight;
      if (y < scroller.scrollTop || y + laneHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = y - scroller.clientHeight / 2;
    }
    if (stepU[s] < view.u0 || stepU[s] > view.u1) { const half = (view.u1 - view.u0) / 2; setView(stepU[s] - half, stepU[s] + half); }
  }
  showDetails(s, count || 1);
  render();
}

function focusViolation(i) {
  const cards = document.querySelectorAll('.violation');
  const same = chain === violationChains[i];
  chain = same ? allChains : violationChains[i];
  cards.forEach((c) => c.classList.toggle('focused', !same && c.dataset.violation === String(i)));
  refilter();
  if (!same) fitChain();
}

function pointerU(event) {
  const box = document.getElementById('lanes').getBoundingClientRect();
  return view.u0 + ((event.clientX - box.left - labelWidth) / trackWidth()) * (view.u1 - view.u0);
}

function setFilterInput(id, value) {
  const input = document.getElementById(id);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function wire() {
  const lanesEl = document.getElementById('lanes');
  const scroller = document.getElementById('lanes-scroll');
  const tooltip = document.getElementById('tooltip');
  document.getElementById('filter-actor').addEventListener('input', (e) => { filter.actor = filterTerms(e.target.value); refilter(); });
  document.getElementById('filter-entity').addEventListener('input', (e) => { filter.entity = filterTerms(e.target.value); refilter(); });
  document.getElementById('filter-chain').addEventListener('change', (e) => { filter.chainOnly = e.target.checked; refilter(); });
  document.getElementById('axis-mode').addEventListener('change', (e) => {
    const t0 = fromU(scale, view.u0), t1 = fromU(scale, view.u1);
    setScale(e.target.value);
    setView(toU(scale, t0), toU(scale, t1));
  });
  document.getElementById('zoom-fit').addEventListener('click', fit);
  document.getElementById('zoom-chain').addEventListener('click', fitChain);
  document.getElementById('zoom-in').addEventListener('click', () => zoomAt((view.u0 + view.u1) / 2, 0.5));
  document.getElementById('zoom-out').addEventListener('click', () => zoomAt((view.u0 + view.u1) / 2, 2));
  document.getElementById('goto-step').addEventListener('change', (e) => selectStep(Number(e.target.value), true));
  scroller.addEventListener('scroll', requestRender, { passive: true });
  scroller.addEventListener('wheel', (e) => {
    if (e.ctrlKey || e.altKey) { e.preventDefault(); zoomAt(pointerU(e), Math.exp(e.deltaY * 0.002)); return; }
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      const px = e.deltaX || e.deltaY;
      const shift = (px / trackWidth()) * (view.u1 - view.u0);
      setView(view.u0 + shift, view.u1 + shift);
    }
  }, { passive: false });
  let drag = null;
  lanesEl.addEventListener('mousedown', (e) => {
    if (e.button !== 0 || e.target.closest('.lane-label')) return;
    drag = { x: e.clientX, u0: view.u0, u1: view.u1, moved: false };
  });
  window.addEventListener('mousemove', (e) => {
    if (drag === null) return;
    const dx = e.clientX - drag.x;
    if (Math.abs(dx) > 3) { drag.moved = true; lanesEl.classList.add('dragging'); }
    if (drag.moved) { const shift = (-dx / trackWidth()) * (drag.u1 - drag.u0); setView(drag.u0 + shift, drag.u1 + shift); }
  });
  window.addEventListener('mouseup', () => { setTimeout(() => { drag = null; }, 0); lanesEl.classList.remove('dragging'); });
  lanesEl.addEventListener('click', (e) => {
    if (drag !== null && drag.moved) return;
    const mark = e.target.closest('.m');
    if (mark) { selectStep(Number(mark.dataset.step), false, Number(mark.dataset.count || 1)); return; }
    const groupRow = e.target.closest('.group');
    if (groupRow) { const g = groups.find((x) => x.name === groupRow.dataset.group); g.collapsed = !g.collapsed; layoutRows(); render(); }
  });
  lanesEl.addEventListener('mouseover', (e) => {
    const mark = e.target.closest('.m');
    if (!mark) { tooltip.hidden = true; return; }
    tooltip.textContent = tooltipText(Number(mark.dataset.step), Number(mark.dataset.count || 1));
    tooltip.hidden = false;
  });
  lanesEl.addEventListener('mousemove', (e) => { tooltip.style.left = e.clientX + 14 + 'px'; tooltip.style.top = e.clientY + 14 + 'px'; });
  lanesEl.addEventListener('mouseleave', () => { tooltip.hidden = true; });
  const overview = document.getElementById('overview');
  let brush = null;
  const overviewU = (e) => scale.uMin + ((e.clientX - overview.getBoundingClientRect().left) / overview.clientWidth) * (scale.uMax - scale.uMin);
  overview.addEventListener('mousedown', (e) => { brush = { x: e.clientX, u: overviewU(e) }; e.preventDefault(); });
  window.addEventListener('mouseup', (e) => {
    if (brush === null) return;
    const u = overviewU(e);
    if (Math.abs(e.clientX - brush.x) > 3) setView(Math.min(u, brush.u), Math.max(u, brush.u));
    else { const half = (view.u1 - view.u0) / 2; setView(u - half, u + half); }
    brush = null;
  });
  document.addEventListener('click', (e) => {
    const target = e.target.closest('button');
    if (!target) return;
    if (target.dataset.goto !== undefined) selectStep(Number(target.dataset.goto), true);
    else if (target.dataset.focus !== undefined) focusViolation(Number(target.dataset.focus));
    else if (target.dataset.actor !== undefined) setFilterInput('filter-actor', '=' + target.dataset.actor);
    else if (target.dataset.entity !== undefined) setFilterInput('filter-entity', target.dataset.entity);
    else if (target.id === 'zoom-here' && selected >= 0) setView(stepU[selected] - (view.u1 - view.u0) / 40, stepU[selected] + (view.u1 - view.u0) / 40);
    else if (target.id === 'copy-replay') {
      const text = document.getElementById('replay-command').textContent;
      const done = () => { target.textContent = 'copied'; };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => selectText('replay-command'));
      else selectText('replay-command');
    }
  });
  window.addEventListener('resize', () => { overviewDirty = true; requestRender(); });
}

function selectText(id) {
  const range = document.createRange();
  range.selectNodeContents(document.getElementById(id));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

(function start() {
  const lanesEl = document.getElementById('lanes');
  lanesEl.innerHTML = laneRowsHtml() + '<div id="links"></div>';
  const rowEls = lanesEl.children;
  let r = 0;
  for (const g of groups) {
    g.el = rowEls[r++];
    for (const lane of g.lanes) { lane.el = rowEls[r++]; lane.track = lane.el.lastElementChild; }
  }
  const colours = document.createElement('style');
  colours.textContent = services.map((s, i) => '.m.s' + i + ' { background: ' + colourOfService.get(s) + '; }').join('\n');
  document.head.appendChild(colours);
  const legend = document.getElementById('legend');
  legend.innerHTML = services.map((s) => '<span style="--c:' + colourOfService.get(s) + '">' + esc(s) + '</span>').join('') +
    '<span style="--c:#f79009">causal chain</span><span style="--c:#d92d20">violation shows</span><span class="failed" style="--c:#101828">outcome not ok</span>';
  setScale('folded');
  applyFilters();
  layoutRows();
  wire();
  fit();
  const wanted = /^#(step|violation)=(\d+)$/.exec(location.hash);
  const focus = wanted !== null && wanted[1] === 'violation' ? Number(wanted[2]) - 1 : -1;
  if (focus >= 0 && focus < violations.length) focusViolation(focus);
  const firstViolation = violations.map((v) => v.steps[v.steps.length - 1]).find(isStep);
  const start = wanted !== null && wanted[1] === 'step' ? Number(wanted[2]) : focus >= 0 && focus < violations.length ? violations[focus].steps[violations[focus].steps.length - 1] : firstViolation;
  if (start !== undefined) selectStep(start, true); else render();
  performance.mark('report-ready');
  document.body.dataset.ready = 'true';
})();
`;
