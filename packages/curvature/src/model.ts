import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@hessian-free/linop';
import { checkForwardResult, checkFunction, checkObject, checkShapes } from './checks.js';

/**
 * What a model's forward pass returns: the outputs the loss sees, or those
 * plus the hidden states that structural damping penalizes (Martens &
 * Sutskever 2011), either as one tensor or one tensor per time step.
 */
export type ForwardResult = tf.Tensor | { output: tf.Tensor; hidden?: tf.Tensor | tf.Tensor[] };

/** The model as the user writes it: parameter shapes in flat order, and a pure forward pass. */
export interface FunctionalModelSpec {
  /** Shapes of the parameter tensors; theta is their concatenation in this order, row-major. */
  readonly shapes: readonly (readonly number[])[];
  /**
   * Outputs for a batch (batch on axis 0), from the parameters as tensors. Must
   * be pure and built from ops whose gradients are registered (see README).
   */
  readonly forward: (params: tf.Tensor[], inputs: tf.Tensor) => ForwardResult;
}

/** A model over one flat parameter vector (made by functionalModel). */
export interface FunctionalModel {
  /** The parameter shapes of the spec, frozen; theta is their concatenation in this order. */
  readonly shapes: readonly (readonly number[])[];
  /** Number of scalar parameters, the length of theta. */
  readonly numParams: number;
  /**
   * Runs the forward pass at a flat parameter tensor: `[output, ...hidden]`.
   * The parameters are views (split + reshape) of `theta` inside the traced
   * computation, so gradients with respect to `theta` come back flat.
   */
  trace(theta: tf.Tensor1D, inputs: tf.Tensor): tf.Tensor[];
  /**
   * The same forward pass at the parameter tensors themselves (one per entry
   * of `shapes`, in order), `[output, ...hidden]`. curvatureAt records this
   * one: it makes the parameters straight from theta's subarrays, because
   * splitting a flat tensor on the WASM backend copies the whole tensor once
   * per piece.
   */
  traceParams(params: readonly tf.Tensor[], inputs: tf.Tensor): tf.Tensor[];
}

/**
 * A model over one flat parameter vector theta, from the parameter shapes
 * and a pure forward pass over the parameter tensors. Checks the spec (a
 * TypeError or RangeError naming `functionalModel: shapes` or `forward`);
 * the forward pass's results are checked when it runs (float32, the batch
 * size on axis 0).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { functionalModel } from '@hessian-free/curvature';
 *
 * // A 3-4-2 tanh network; theta holds W1, b1, W2, b2 in this order, row-major.
 * const model = functionalModel({
 *   shapes: [[3, 4], [4], [4, 2], [2]],
 *   forward: ([W1, b1, W2, b2], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2),
 * });
 * model.numParams; // 26
 * ```
 */
export function functionalModel(spec: FunctionalModelSpec): FunctionalModel {
  checkObject('functionalModel: spec', spec);
  const { shapes, forward } = spec;
  checkShapes('functionalModel: shapes', shapes);
  checkFunction('functionalModel: forward', forward);
  const sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const frozen = shapes.map((s) => Object.freeze([...s]));
  const numParams = sizes.reduce((a, b) => a + b, 0);

  const traceParams = (params: readonly tf.Tensor[], inputs: tf.Tensor): tf.Tensor[] =>
    flatten(forward([...params], inputs), inputs.shape[0]);
  const trace = (theta: tf.Tensor1D, inputs: tf.Tensor): tf.Tensor[] => {
    const pieces = sizes.length === 1 ? [theta] : tf.split(theta, sizes);
    return traceParams(
      pieces.map((p, k) => tf.reshape(p, frozen[k] as number[])),
      inputs,
    );
  };
  return Object.freeze({ shapes: Object.freeze(frozen), numParams, trace, traceParams });
}

function flatten(result: ForwardResult, batch: number): tf.Tensor[] {
  const out = result instanceof tf.Tensor ? [result] : asRecord(result);
  out.forEach((t, k) => checkForwardResult(`model.forward: ${k === 0 ? 'output' : `hidden[${k - 1}]`}`, t, batch));
  return out;
}

function asRecord(result: unknown): tf.Tensor[] {
  if (result === null || typeof result !== 'object' || !('output' in result)) {
    throw new TypeError(
      `model.forward must return a tf.Tensor or { output, hidden? }, got ${describe(result)}`,
    );
  }
  const { output, hidden } = result as { output: tf.Tensor; hidden?: tf.Tensor | tf.Tensor[] };
  if (hidden === undefined) return [output];
  return [output, ...(Array.isArray(hidden) ? hidden : [hidden])];
}

/**
 * Tensors of the given shapes (a model's `shapes`) over consecutive subarrays
 * of a flat vector such as theta: one upload each and no kernel, unlike
 * splitting a flat tensor, which on the WASM backend copies the whole tensor
 * once per piece. The caller owns (disposes) them; pass parameters to
 * `model.traceParams`.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { parameterTensors } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * const theta = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
 * const [W, b] = parameterTensors([[3, 2], [2]], theta);
 * W.shape; // [3, 2], rows [1, 2], [3, 4], [5, 6]
 * b.dataSync(); // Float32Array [7, 8]
 * tf.dispose([W, b]);
 * ```
 */
export function parameterTensors(shapes: readonly (readonly number[])[], flat: Float32Array): tf.Tensor[] {
  const sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (flat.length !== total) throw new RangeError(`parameterTensors: expected ${total} values for these shapes, got ${flat.length}`);
  let offset = 0;
  return shapes.map((shape, k) => {
    const piece = tf.tensor(flat.subarray(offset, offset + sizes[k]), [...shape], 'float32');
    offset += sizes[k];
    return piece;
  });
}
