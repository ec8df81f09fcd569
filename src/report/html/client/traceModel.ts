/**
 * Page script, part 1: decodes the embedded run (summary and columnar trace), and derives what the other
 * parts ask per step: where each violation shows, each violation's causal chain (the steps it names and,
 * through parent links, everything that caused them), scheduling points, children, and a colour per
 * service. Plain browser JavaScript kept in a string; the parts share one function scope.
 */
export const traceModelScript = String.raw`
const data = JSON.parse(document.getElementById('report-data').textContent);
const summary = data.summary;
const T = data.trace;
const str = T.strings;
const N = T.t.length;
const stepT = Float64Array.from(T.t);
const actorOf = (i) => str[T.actor[i]];
const opOf = (i) => str[T.op[i]];
const outcomeOf = (i) => str[T.outcome[i]];
const entitiesOf = (i) => T.entities[i].map((k) => str[k]);
const isStep = (s) => Number.isInteger(s) && s >= 0 && s < N;
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function causalChain(steps) {
  const inChain = new Uint8Array(N);
  const queue = [];
  for (const s of steps) if (isStep(s) && !inChain[s]) { inChain[s] = 1; queue.push(s); }
  for (let q = 0; q < queue.length; q++) {
    const p = T.parent[queue[q]];
    if (p >= 0 && !inChain[p]) { inChain[p] = 1; queue.push(p); }
  }
  return inChain;
}

const violations = summary.violations;
const violationAt = new Map();
violations.forEach((v, i) => {
  const last = v.steps[v.steps.length - 1];
  if (isStep(last)) { if (!violationAt.has(last)) violationAt.set(last, []); violationAt.get(last).push(i); }
});
const violationChains = violations.map((v) => causalChain(v.steps));
const allChains = causalChain(violations.flatMap((v) => v.steps));
const schedulingPoint = new Uint8Array(N);
for (const s of summary.schedulingPoints) if (isStep(s)) schedulingPoint[s] = 1;

let childIndex = null;
function childrenOf(s) {
  if (childIndex === null) {
    childIndex = new Map();
    for (let i = 0; i < N; i++) {
      const p = T.parent[i];
      if (p >= 0) { if (!childIndex.has(p)) childIndex.set(p, []); childIndex.get(p).push(i); }
    }
  }
  return childIndex.get(s) || [];
}

const serviceColours = { fs: '#9e77ed', s3: '#2e90fa', dynamodb: '#12b76a', sqs: '#ee46bc', lambda: '#475467', esm: '#06aed4', actor: '#c0c6d0' };
const spareColours = ['#6172f3', '#15b79e', '#a15c07', '#4e5ba6', '#7cd4fd', '#66c61c', '#b692f6', '#528bff'];
const serviceOf = (op) => { const dot = op.indexOf('.'); return dot > 0 ? op.slice(0, dot) : op; };
const services = [...new Set(T.op.map((k) => serviceOf(str[k])))].sort();
const colourOfService = new Map();
services.forEach((s) => colourOfService.set(s, serviceColours[s] || spareColours[colourOfService.size % spareColours.length]));
const serviceIndex = new Map(services.map((s, i) => [s, i]));
const stepService = Uint16Array.from(T.op, (k) => serviceIndex.get(serviceOf(str[k])));
const stepFailed = T.outcome.map((k) => str[k] !== 'ok');
`;
