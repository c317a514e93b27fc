import * as tf from '@tensorflow/tfjs-core';
import { describe, shapeString } from './errors.js';

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

/** A model over one flat parameter vector. */
export interface FunctionalModel {
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

export function functionalModel(spec: FunctionalModelSpec): FunctionalModel {
  if (spec === null || typeof spec !== 'object') {
    throw new TypeError(`functionalModel: spec must be an object, got ${describe(spec)}`);
  }
  const { shapes, forward } = spec;
  if (!Array.isArray(shapes) || shapes.length === 0) {
    throw new TypeError('functionalModel: shapes must be a non-empty array of shapes');
  }
  if (typeof forward !== 'function') {
    throw new TypeError(`functionalModel: forward must be a function, got ${describe(forward)}`);
  }
  const sizes = shapes.map((shape, k) => {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new RangeError(
        `functionalModel: shapes[${k}] must be an array of positive integers, got ${JSON.stringify(shape)}`,
      );
    }
    return shape.reduce((a, b) => a * b, 1);
  });
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
  out.forEach((t, k) => {
    const name = k === 0 ? 'output' : `hidden[${k - 1}]`;
    if (!(t instanceof tf.Tensor)) throw new TypeError(`model.forward: ${name} must be a tf.Tensor, got ${describe(t)}`);
    if (t.rank < 1 || t.shape[0] !== batch) {
      throw new RangeError(
        `model.forward: ${name} must have the batch size ${batch} on axis 0, got shape ${shapeString(t.shape)}`,
      );
    }
    if (t.dtype !== 'float32') throw new TypeError(`model.forward: ${name} must be float32, got ${t.dtype}`);
  });
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
