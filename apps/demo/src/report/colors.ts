// The colour of each optimizer, the same in report.html, on the page and in
// the README's screenshots: Okabe-Ito blue and vermillion, which stay
// distinguishable with the common colour-vision deficiencies.
import type { OptimizerName } from '../tasks.js';

/** An optimizer's line and swatch colour, as #rrggbb. */
export const OPTIMIZER_COLORS: Readonly<Record<OptimizerName, string>> = { hf: '#0072b2', adam: '#d55e00' };

/** HF's damping lambda in the charts of its step statistics (Okabe-Ito bluish green). */
export const LAMBDA_COLOR = '#009e73';
/** HF's CG iterations per step in the same charts (Okabe-Ito reddish purple). */
export const CG_COLOR = '#cc79a7';
