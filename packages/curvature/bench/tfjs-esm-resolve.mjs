/**
 * A Node module resolve hook, used by curvature.mjs only to load tfjs-core's
 * own gradient table for the "stock tf.grads" comparison.
 *
 * `@tensorflow/tfjs-core/dist/register_all_gradients.js` is ESM whose
 * relative imports have no file extension ('../ops/mat_mul'), which Node's
 * ESM loader rejects (bundlers and vitest accept them). This hook retries a
 * failed relative specifier from inside tfjs-core's dist with '.js' (or
 * '/index.js') appended. The ESM copy of tfjs-core it loads shares the global
 * engine and the global gradient registry with the CommonJS build that
 * `import '@tensorflow/tfjs-core'` gives Node, so the gradients it registers
 * are the ones `tf.grad` uses.
 */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTfjsCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/') ?? false;
    if (!fromTfjsCore || !(specifier.startsWith('./') || specifier.startsWith('../'))) throw error;
    try {
      return await nextResolve(`${specifier}.js`, context);
    } catch {
      return nextResolve(`${specifier}/index.js`, context);
    }
  }
}
