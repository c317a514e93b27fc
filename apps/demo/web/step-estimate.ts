// Where an HF step probably is, while it runs. hf reports a step only when it
// ends (its report's phase timings, CG iterations), and a step's CG run is
// synchronous, so nothing comes out of the worker in the middle of one. The
// page therefore estimates from the previous step's timings: the phases
// before CG take about as long as they did, and each CG iteration about as
// long as the previous step's average. It says that it is an estimate.
// (What hf could add to make this exact: an `onCgIteration` option, called
// synchronously by the step's CG with { step, iteration, maxIterations,
// elapsedMs }, forwarded from krylov's cg `onIteration`; a worker can post
// from inside it while it computes.)

/** What the previous step took: hf's report.timings (ms) and its CG iterations. */
export interface PreviousStep {
  readonly phases: Readonly<Record<string, number>>;
  readonly cgIterations: number;
}

/** Where the step probably is. */
export type StepEstimate =
  | { readonly phase: 'before-cg' }
  | { readonly phase: 'cg'; readonly iteration: number }
  | { readonly phase: 'after-cg' };

/**
 * The estimate for a step that has run `elapsedMs`, after `previous`, with at
 * most `cap` CG iterations: before CG (gradient, curvature, preconditioner)
 * for as long as those phases took last time; then CG iteration
 * floor((elapsed - before) / per-iteration) + 1, up to the cap; past the cap,
 * the steps after CG (backtracking, line search).
 */
export function estimateStep(elapsedMs: number, previous: PreviousStep, cap: number): StepEstimate {
  const p = previous.phases;
  const before = (p.gradientMs ?? 0) + (p.curvatureMs ?? 0) + (p.preconditionerMs ?? 0);
  if (elapsedMs < before) return { phase: 'before-cg' };
  const perIteration = (p.cgMs ?? 0) / Math.max(1, previous.cgIterations);
  if (!(perIteration > 0)) return { phase: 'after-cg' };
  const iteration = Math.floor((elapsedMs - before) / perIteration) + 1;
  return iteration > cap ? { phase: 'after-cg' } : { phase: 'cg', iteration };
}

/** One line for the page: the step, its time so far, and the estimate (or why there is none yet). */
export function describeStep(step: number, elapsedMs: number, previous: PreviousStep | undefined, cap: number | undefined): string {
  const head = `HF step ${step} under way: ${(elapsedMs / 1000).toFixed(1)} s so far`;
  const capText = cap === undefined ? '' : ` of at most ${cap}`;
  if (previous === undefined || cap === undefined) {
    return `${head}${cap === undefined ? '' : ` (CG: at most ${cap} iterations)`}; hf reports a step when it ends, so there is no estimate before the first one has.`;
  }
  const estimate = estimateStep(elapsedMs, previous, cap);
  const what =
    estimate.phase === 'before-cg'
      ? 'gradient, curvature and preconditioner'
      : estimate.phase === 'cg'
        ? `CG iteration ${estimate.iteration}${capText}`
        : 'backtracking and line search';
  const last = Object.values(previous.phases).length > 0 ? ` (the previous step: ${previous.cgIterations} CG iterations${capText})` : '';
  return `${head}; probably ${what}, estimated from the previous step's timings${last}.`;
}
