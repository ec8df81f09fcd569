/**
 * The timeline's frame: the toolbar (actor and entity filters, causal-chain-only, axis mode, zoom, go to
 * step, the visible-step counter; the axis is real time for a soak run), the overview strip, the time axis, the lanes and the details panel. The
 * page's script fills the lanes from the embedded trace.
 */
export function timelineSection(replayable: boolean): string {
  const time = replayable ? 'virtual time' : 'real time';
  return `<section id="timeline"><h2>Timeline</h2>
<div class="toolbar">
<label>actor <input id="filter-actor" type="search" placeholder="e.g. compaction~6, esm" autocomplete="off"></label>
<label>entity <input id="filter-entity" type="search" placeholder="key, path, queue, id" autocomplete="off"></label>
<label><input id="filter-chain" type="checkbox"> causal chain only</label>
<label>axis <select id="axis-mode"><option value="folded">${time}, idle gaps folded</option><option value="linear">${time}, linear</option></select></label>
<span class="zoom"><button type="button" id="zoom-fit" title="show the whole run">fit</button><button type="button" id="zoom-chain" title="show the causal chain">chain</button><button type="button" id="zoom-in" title="zoom in">+</button><button type="button" id="zoom-out" title="zoom out">−</button></span>
<label>step <input id="goto-step" type="number" min="0" step="1"></label>
<output id="visible-steps" data-visible-steps="0" data-visible-lanes="0"></output>
</div>
<div id="legend"></div>
<div class="timeline-body">
<div class="lanes-column">
<div class="strip"><div class="strip-label">overview</div><div id="overview"><canvas id="overview-canvas"></canvas><div id="overview-window"></div></div></div>
<div class="strip"><div class="strip-label" id="window-label"></div><div id="axis"></div></div>
<div id="lanes-scroll"><div id="lanes"></div></div>
</div>
<aside id="details"><p class="hint">Click a step for its details. The red ring marks where a violation shows; amber marks its causal chain (parent links and the steps the violation names).</p></aside>
</div>
<p class="hint">Wheel scrolls the lanes; Ctrl or Alt + wheel zooms at the pointer; Shift + wheel or dragging pans; dragging on the overview chooses a window. A mark stands for every step in its few pixels (hover for how many); zoom in to separate them. Filters take comma-separated alternatives; <code>=name</code> matches a whole name. The address can name a step or a violation: <code>#step=123</code>, <code>#violation=1</code>.</p>
</section>
<div id="tooltip" hidden></div>`;
}
