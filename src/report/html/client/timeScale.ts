/**
 * Page script, part 2: the horizontal axis. Virtual time maps to a display coordinate `u`, linearly or with
 * idle gaps folded: a run that works for four minutes, idles for seventeen (a visibility timeout, a lease)
 * and works again gets most of the width for its work, and each folded gap shows as a dashed break
 * labelled with its length. Within a segment one display unit is one virtual millisecond.
 */
export const timeScaleScript = String.raw`
function buildScale(mode) {
  const times = [...new Set(stepT)].sort((a, b) => a - b);
  if (times.length === 0) times.push(0);
  const span = times[times.length - 1] - times[0];
  // Folding pays off for waits (polls, visibility timeouts, leases), not for request latencies.
  const threshold = mode === 'linear' ? Infinity : Math.max(span / 25, 5000);
  const segs = [{ t0: times[0], t1: times[0], u0: 0 }];
  for (const t of times) {
    const cur = segs[segs.length - 1];
    if (t - cur.t1 > threshold) segs.push({ t0: t, t1: t, u0: 0 }); else cur.t1 = t;
  }
  const active = segs.reduce((sum, s) => sum + (s.t1 - s.t0), 0);
  const fold = Math.max(active * 0.03, 1);
  for (let k = 1; k < segs.length; k++) segs[k].u0 = segs[k - 1].u0 + (segs[k - 1].t1 - segs[k - 1].t0) + fold;
  const last = segs[segs.length - 1];
  return { mode, segs, uMin: 0, uMax: Math.max(last.u0 + last.t1 - last.t0, 1) };
}

function segmentIndex(segs, key, value) {
  let lo = 0, hi = segs.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (segs[mid][key] <= value) lo = mid; else hi = mid - 1; }
  return lo;
}

function toU(scale, t) {
  const segs = scale.segs, k = segmentIndex(segs, 't0', t), seg = segs[k];
  if (t <= seg.t1) return seg.u0 + (t - seg.t0);
  const end = seg.u0 + seg.t1 - seg.t0, next = segs[k + 1];
  return next ? end + ((t - seg.t1) / (next.t0 - seg.t1)) * (next.u0 - end) : end + (t - seg.t1);
}

function fromU(scale, u) {
  const segs = scale.segs, k = segmentIndex(segs, 'u0', u), seg = segs[k];
  const end = seg.u0 + seg.t1 - seg.t0;
  if (u <= end) return seg.t0 + (u - seg.u0);
  const next = segs[k + 1];
  return next ? seg.t1 + ((u - end) / (next.u0 - end)) * (next.t0 - seg.t1) : seg.t1 + (u - end);
}

const tickSteps = [];
for (let e = -3; e <= 3; e++) for (const m of [1, 2, 5]) tickSteps.push(m * Math.pow(10, e));
tickSteps.push(15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3, 43200e3, 86400e3);

function formatClock(t, resolution) {
  const digits = Math.min(6, Math.max(0, Math.ceil(-Math.log10(resolution / 1000) - 1e-9)));
  if (t < 60e3) return (t / 1000).toFixed(digits) + ' s';
  const h = Math.floor(t / 3600e3), m = Math.floor((t % 3600e3) / 60e3), s = (t % 60e3) / 1000;
  const ss = (s < 10 ? '0' : '') + s.toFixed(digits);
  return h > 0 ? h + ':' + (m < 10 ? '0' : '') + m + ':' + ss : m + ':' + ss;
}

function formatSpan(ms) {
  if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 0) + ' ms';
  if (ms < 60e3) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 3600e3) return (ms / 60e3).toFixed(1) + ' min';
  return (ms / 3600e3).toFixed(1) + ' h';
}

/** Tick times (at round multiples inside each segment in view) and folded gaps, as display positions. */
function axisMarks(scale, u0, u1, width) {
  const perPx = (u1 - u0) / width;
  const step = tickSteps.find((s) => s / perPx >= 90) || tickSteps[tickSteps.length - 1];
  const ticks = [], folds = [];
  scale.segs.forEach((seg, k) => {
    const segEnd = seg.u0 + seg.t1 - seg.t0;
    if (k > 0) {
      const prev = scale.segs[k - 1], prevEnd = prev.u0 + prev.t1 - prev.t0, u = (prevEnd + seg.u0) / 2;
      if (u >= u0 && u <= u1) folds.push({ u, label: formatSpan(seg.t0 - prev.t1) + ' idle' });
    }
    if (segEnd < u0 || seg.u0 > u1) return;
    const from = Math.max(seg.t0, fromU(scale, u0)), to = Math.min(seg.t1, fromU(scale, u1));
    const edge = scale.mode === 'linear' || scale.segs.length === 1;
    const lo = edge ? fromU(scale, u0) : from, hi = edge ? fromU(scale, u1) : to;
    for (let t = Math.ceil(lo / step) * step; t <= hi && ticks.length < 400; t += step) ticks.push({ u: toU(scale, t), label: formatClock(t, step) });
  });
  return { ticks, folds };
}
`;
