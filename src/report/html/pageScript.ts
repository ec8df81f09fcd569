import { interactionScript } from './client/interaction.js';
import { laneLayoutScript } from './client/laneLayout.js';
import { stepDetailsScript } from './client/stepDetails.js';
import { timelineRenderScript } from './client/timelineRender.js';
import { timeScaleScript } from './client/timeScale.js';
import { traceModelScript } from './client/traceModel.js';
import { laneHeight, laneLabelWidth } from './styles.js';

/** The page's script: its parts in dependency order, sharing one strict function scope. */
export function pageScript(): string {
  const parts = [traceModelScript, timeScaleScript, laneLayoutScript, timelineRenderScript(laneHeight, laneLabelWidth), stepDetailsScript, interactionScript];
  // `</` cannot occur in the parts (they are ours), but a stray one would end the element early.
  const body = parts.join('\n').replace(/<\//g, '<\\/');
  return `(function () {\n'use strict';\n${body}\n})();`;
}
