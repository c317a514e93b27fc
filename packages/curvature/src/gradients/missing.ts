/**
 * What a user sees for an op outside the table. tfjs's backward pass fails
 * with "Cannot compute gradient: gradient function not found for Cos." (it
 * names the kernel, not the tf op); the curvature entry points rethrow that
 * as an error that says what to do about it.
 */
import * as tf from '@tensorflow/tfjs-core';

const NOT_FOUND = /gradient function not found for (\w+)/;

/**
 * Runs `f`; a missing-gradient error from tfjs is rethrown naming the kernel
 * and pointing to supportedKernels(). On any error, releases what tfjs's
 * failed gradient call left behind.
 */
export function explainingMissingGradients<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    releaseAbandonedTape();
    const kernel = error instanceof Error ? NOT_FOUND.exec(error.message)?.[1] : undefined;
    if (kernel === undefined) throw error;
    throw new Error(
      `the model's forward pass runs the tfjs kernel '${kernel}', which has no gradient in ` +
        `@hessian-free/curvature's gradient table; supportedKernels() lists the kernels a model may use`,
      { cause: error },
    );
  }
}

/**
 * tfjs disposes the tensors its tape saved for the backward pass only when
 * that pass succeeds. Outside any gradient call (depth 0) a tape still present
 * is one a failed call abandoned: do the same cleanup tfjs would have done.
 */
export function releaseAbandonedTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || state.activeTape == null) return;
  for (const node of state.activeTape) node.saved?.forEach((t) => t.dispose());
  state.activeTape = null as unknown as typeof state.activeTape;
}
