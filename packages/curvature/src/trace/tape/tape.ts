/**
 * A recorded forward pass: every kernel tfjs ran while computing a function
 * of the source tensors (the model's parameters), in execution order, with
 * the tensors it read and wrote kept alive. The sweeps (forward-mode/sweep.ts,
 * reverse-mode/sweep.ts) walk it instead of re-running the forward pass.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** One kernel call of the recorded forward pass. */
export interface TraceNode {
  /** Position in the trace (execution order). */
  readonly index: number;
  /** tfjs-core's kernel name, e.g. 'BatchMatMul'. */
  readonly kernelName: string;
  /** The kernel's input names (the keys of the inputs map runKernel received), aligned with `inputs`. */
  readonly inputNames: readonly string[];
  /** The tensors the kernel read, aligned with `inputNames`. */
  readonly inputs: readonly tf.Tensor[];
  /** runKernel received its inputs as an array (Concat, AddN, Pack): re-running the kernel needs one again. */
  readonly inputsAsArray: boolean;
  /** The kernel's attributes as recorded (transpose flags, axes, ...). */
  readonly attrs: tf.NamedAttrMap;
  /** The tensors the kernel returned. */
  readonly outputs: readonly tf.Tensor[];
}

/** A recorded forward pass (made by record.ts's recordTrace). */
export interface Trace {
  /** The tensors everything is differentiated with respect to (the parameters; the flat theta is their concatenation). */
  readonly sources: readonly tf.Tensor[];
  /** The kernel calls, in execution order (a node's `index` is its position here). */
  readonly nodes: readonly TraceNode[];
  /** What the traced function returned. */
  readonly results: readonly tf.Tensor[];
  /**
   * Is the tensor with this id a function of the sources that derivatives
   * flow through: a source itself, or a float32 output of a kernel with such an
   * input, unless the kernel is piecewise constant (comparisons, floor, ...).
   */
  isActive(id: number): boolean;
  /**
   * Throws an error naming the kernel and the input if a tensor the recorded
   * kernels read has been disposed since (a tensor the model's forward closes
   * over, or one it made and disposed itself), before a sweep reads it.
   */
  checkAlive(): void;
  /**
   * A tensor derived from the point alone (a cached slope, a transpose of a
   * saved activation), computed once on first use and kept until dispose().
   */
  memo(node: TraceNode, key: string, make: () => tf.Tensor): tf.Tensor;
  /** Releases every tensor the trace keeps (node outputs, constants made while tracing, memos). */
  dispose(): void;
}

/** One tensor per traced tensor, by the traced tensor's id: its tangent, cotangent or adjoint. */
export type TensorMap = Map<number, tf.Tensor>;
