/** The report's stylesheet (system fonts only: the page loads nothing). */
export const laneHeight = 18;
export const laneLabelWidth = 280;

export const reportStyles = `
:root { --lane: ${laneHeight}px; --label: ${laneLabelWidth}px; --fg: #1d2330; --muted: #667085; --line: #d8dde6; --bg: #f6f7f9;
  --bad: #d92d20; --chain: #f79009; --sel: #155eef; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 20px 40px; color: var(--fg); background: #fff; font-size: 13px; line-height: 1.4; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 15px; margin: 18px 0 8px; } h3 { font-size: 13px; margin: 12px 0 6px; }
code, .mono, #details, .lane-label, output { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
code { font-size: 12px; }
.seed { color: var(--muted); font-weight: 500; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; vertical-align: middle; font-weight: 600; }
.badge.ok { background: #dcfae6; color: #067647; } .badge.bad { background: #fee4e2; color: #b42318; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; }
.facts div { display: flex; gap: 6px; } .facts dt { color: var(--muted); } .facts dd { margin: 0; font-weight: 600; }
details.flags { margin-top: 6px; } details.flags table { margin-top: 4px; }
.replay { display: flex; gap: 8px; align-items: flex-start; }
.replay code { flex: 1; background: var(--bg); border: 1px solid var(--line); padding: 6px 8px; border-radius: 6px; word-break: break-all; user-select: all; max-height: 4.5em; overflow: auto; }
.hint { color: var(--muted); margin: 6px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 10px; }
.violation { border: 1px solid #fda29b; border-left: 4px solid var(--bad); border-radius: 6px; padding: 8px 12px; background: #fffbfa; }
.violation.focused { box-shadow: 0 0 0 2px var(--chain); }
.violation h3 { margin: 0 0 4px; } .violation .invariant { color: var(--bad); }
.violation .explain { color: var(--muted); margin: 0 0 6px; }
.violation dl { display: grid; grid-template-columns: 70px 1fr; gap: 2px 8px; margin: 0; }
.violation dt { color: var(--muted); } .violation dd { margin: 0; word-break: break-word; } .violation .actual { color: #b42318; }
.nondeterminism { border: 1px solid var(--chain); background: #fffaeb; padding: 8px; border-radius: 6px; margin-bottom: 8px; }
button { font: inherit; font-size: 12px; border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 1px 6px; cursor: pointer; }
button:hover { border-color: var(--sel); } button.shows { border-color: var(--bad); color: var(--bad); font-weight: 600; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; padding: 6px 8px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
.toolbar input[type=search] { width: 190px; } .toolbar input[type=number] { width: 80px; }
.toolbar output { margin-left: auto; font-weight: 600; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 6px 0; color: var(--muted); }
#legend span.failed::before { height: 3px; vertical-align: 2px; }
#legend span::before { content: ""; display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 4px; background: var(--c); vertical-align: -1px; }
.timeline-body { display: flex; gap: 10px; align-items: flex-start; }
.lanes-column { flex: 1; min-width: 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.strip { display: flex; border-bottom: 1px solid var(--line); background: var(--bg); }
.strip-label { width: var(--label); flex: none; padding: 2px 6px; color: var(--muted); font-size: 11px; }
#overview { position: relative; height: 34px; cursor: crosshair; flex: none; }
#overview canvas { display: block; width: 100%; height: 100%; }
#overview-window { position: absolute; top: 0; bottom: 0; background: rgba(21, 94, 239, 0.12); border: 1px solid var(--sel); pointer-events: none; }
#axis { position: relative; height: 22px; overflow: hidden; flex: none; }
#axis .tick { position: absolute; top: 0; bottom: 0; border-left: 1px solid #c5ccd8; padding-left: 3px; font-size: 10px; color: var(--muted); white-space: nowrap; }
#axis .fold { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px dashed #98a2b3; }
#axis .fold span { position: absolute; left: 3px; bottom: 0; font-size: 10px; color: #475467; background: var(--bg); white-space: nowrap; }
#lanes-scroll { height: 320px; overflow-y: auto; overflow-x: hidden; contain: strict; }
#lanes { position: relative; cursor: grab; user-select: none; }
#lanes.dragging { cursor: grabbing; }
.lane, .group { display: flex; height: var(--lane); border-bottom: 1px solid #eef1f5; contain: strict; content-visibility: auto; contain-intrinsic-size: auto var(--lane); }
.group { background: #eef2f7; font-weight: 600; cursor: pointer; }
.group .lane-label::before { content: "▾ "; } .group.collapsed .lane-label::before { content: "▸ "; }
.lane-label { width: var(--label); flex: none; padding: 0 6px; font-size: 11px; line-height: var(--lane); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-right: 1px solid var(--line); background: #fff; cursor: default; }
.group .lane-label { background: #eef2f7; cursor: pointer; }
.lane-label .count { color: var(--muted); }
.lane.has-violation .lane-label { color: var(--bad); font-weight: 600; }
.track { position: relative; flex: 1; min-width: 0; overflow: hidden; }
.m { position: absolute; top: 4px; width: 4px; height: calc(var(--lane) - 9px); border-radius: 1px; background: #98a2b3; cursor: pointer; }
.m.multi { top: 2px; height: calc(var(--lane) - 5px); }
.m.err::after { content: ""; position: absolute; left: -1px; right: -1px; top: -3px; height: 2px; background: #101828; }
.m.m[data-highlight=chain] { background: var(--chain); top: 2px; height: calc(var(--lane) - 5px); width: 5px; box-shadow: 0 0 0 1px #fff; z-index: 2; }
.m.m[data-highlight=violation] { background: var(--bad); top: 1px; height: calc(var(--lane) - 3px); width: 7px; box-shadow: 0 0 0 2px #fff, 0 0 0 4px var(--bad); z-index: 4; }
.m.selected { box-shadow: 0 0 0 2px #fff, 0 0 0 4px var(--sel); z-index: 5; }
#links { position: absolute; top: 0; left: var(--label); pointer-events: none; z-index: 3; }
#links path { fill: none; stroke: var(--chain); stroke-width: 1.2; opacity: 0.85; }
#details { width: 380px; flex: none; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; font-size: 12px; max-height: calc(max(320px, 62vh) + 60px); overflow: auto; word-break: break-word; }
#details h3 { margin: 0 0 6px; font-size: 13px; } #details table { border-collapse: collapse; width: 100%; }
#details th { text-align: left; color: var(--muted); font-weight: 500; vertical-align: top; padding: 1px 8px 1px 0; white-space: nowrap; }
#details td { padding: 1px 0; } #details button { text-align: left; word-break: break-all; } #details .bad { color: var(--bad); font-weight: 600; } #details .tag { display: inline-block; margin: 2px 4px 2px 0; padding: 0 6px; border-radius: 8px; background: #fef0c7; }
#details .tag.v { background: #fee4e2; color: #b42318; }
#tooltip { position: fixed; z-index: 10; max-width: 560px; background: #101828; color: #fff; font-size: 11px; padding: 4px 8px; border-radius: 4px; pointer-events: none; white-space: pre-wrap; font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
table.coverage { border-collapse: collapse; margin-bottom: 8px; }
table.coverage th, table.coverage td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.coverage thead th { background: var(--bg); } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.unfired th { color: #b54708; } tr.disabled { color: var(--muted); } .none { color: var(--muted); }
footer { margin-top: 20px; color: var(--muted); font-size: 11px; }
`;
