/**
 * The exact sums of squared per-example gradients, sum_i (grad l_i)^2, from
 * one reverse sweep over the recorded forward pass instead of N backward
 * passes (Martens 2010 used these exact sums for his preconditioner).
 *
 * The sweep is seeded with the per-example output gradients g_i = dl_i/dz_i
 * (not divided by N). When the model keeps its examples row by row
 * (trace/batch-rows.ts), the cotangent delta of a row tensor then holds in
 * row i the adjoint of example i's loss alone, and a parameter's per-example
 * gradients are products of the layer's rows:
 *
 * - a weight W read once by a dense layer z = x W (x: [N, d], the examples'
 *   rows): grad_W l_i = x_i' delta_i, an outer product, so
 *   sum_i (x_i' delta_i).^2 = (x.^2)' (delta.^2), ONE matMul of the squared
 *   layer input with the squared output adjoints ('squared-products');
 * - a bias b added with broadcast over the batch: grad_b l_i = delta_i
 *   (summed over the other broadcast axes), so sum_i delta_i.^2;
 * - a parameter read several times (an RNN's weights, shared over time
 *   steps) or by a matMul whose operand holds several rows per example
 *   ([N, T, d] x W): the per-example gradient sums the uses BEFORE squaring,
 *   so the trick above does not apply; the per-example gradients are formed
 *   instead, sum_u x_{u,i}' delta_{u,i} as one batched matMul over the
 *   examples, in chunks of examples that keep each product under
 *   PER_EXAMPLE_FLOATS floats, then squared and summed ('per-example-products').
 *
 * Every other use of a parameter (a Multiply, a Transpose or Reshape of it,
 * tied weights used as W and W'), a model whose forward pass mixes examples
 * (a batch statistic) or does not keep them on axis 0, gets no plan: the
 * caller falls back to per-example backward passes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapeString } from '../checks.js';
import { batchRows, type BatchRows } from '../trace/batch-rows.js';
import { nodesLeadingTo } from '../trace/forward-mode/sweep.js';
import { reduceTo } from '../gradients/reduce-to.js';
import { backward } from '../trace/reverse-mode/sweep.js';
import { transposedInput, transposeLast } from '../trace/tape/point-cache.js';
import type { Trace, TraceNode } from '../trace/tape/tape.js';
import type { Parts } from '../linearization.js';

/**
 * How the exact diagonal is computed, fastest first:
 * 'squared-products': one reverse sweep and one product per parameter;
 * 'per-example-products': the same sweep, then per-example gradients of the
 *   parameters read more than once, formed by batched matMuls;
 * 'per-example': one backward pass per example (any model whose examples do
 *   not interact in the forward pass).
 */
export type ExactDiagonalMethod = 'squared-products' | 'per-example-products' | 'per-example';

/**
 * Which method `empiricalFisherDiagonal({ method: 'exact' })` uses at a point,
 * and why a faster one does not apply.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { curvatureAt, functionalModel, squaredError, type ExactDiagonalPlan } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * // A dense layer: its weight and bias are each read once, so squared products apply.
 * const model = functionalModel({ shapes: [[3, 2], [2]], forward: ([W, b], x) => tf.add(tf.matMul(x, W), b) });
 * const inputs = tf.randomNormal([5, 3]);
 * const theta = new Float32Array(model.numParams).fill(0.1);
 * const at = curvatureAt(model, squaredError, theta, { inputs, targets: new Float32Array(10) });
 * const plan: ExactDiagonalPlan = at.exactDiagonalPlan(); // { method: 'squared-products', reason: null }
 * const diag = at.empiricalFisherDiagonal(); // (1/N) sum_i (grad l_i)^2, by that method
 * at.dispose();
 * inputs.dispose();
 * ```
 */
export interface ExactDiagonalPlan {
  /** The method (see ExactDiagonalMethod). */
  readonly method: ExactDiagonalMethod;
  /** Why the method is not 'squared-products' (null when it is). */
  readonly reason: string | null;
}

/** Per-example gradients are formed in chunks of examples of at most this many floats each (16 MB). */
export const PER_EXAMPLE_FLOATS = 1 << 22;

/** A parameter read as the weight operand (input 'b') of a matMul whose operand 'a' holds the examples' rows. */
interface MatMulUse {
  readonly kind: 'matMul';
  readonly node: TraceNode;
}

/** A parameter added to (or subtracted from) a row tensor, broadcast over the batch. */
interface BiasUse {
  readonly kind: 'bias';
  readonly node: TraceNode;
  /** -1 where the parameter is subtracted (a - b, the parameter as b): its per-example gradient is -delta. */
  readonly sign: 1 | -1;
}

type Use = MatMulUse | BiasUse;

/** How one parameter's sum of squares is computed. */
interface SourcePlan {
  readonly uses: readonly Use[];
  /** One use, a rank-2 matMul operand or a bias: squared products; otherwise per-example products. */
  readonly squares: boolean;
}

/** A plan over a trace (internal: what squaredSums runs). */
export interface SquaredSumsPlan extends ExactDiagonalPlan {
  readonly rows: BatchRows;
  readonly sources: readonly SourcePlan[];
}

/**
 * The plan for the exact diagonal at a recorded trace with batch `inputs`,
 * or { method: 'per-example', reason } when neither fast method applies.
 */
export function planSquaredSums(trace: Trace, inputs: tf.Tensor): SquaredSumsPlan | ExactDiagonalPlan {
  const rows = batchRows(trace, inputs);
  const output = trace.results[0];
  const fallback = (reason: string): ExactDiagonalPlan => ({ method: 'per-example', reason });
  if (!trace.isActive(output.id)) {
    // No parameter reaches the loss: every per-example gradient is zero.
    return { method: 'squared-products', reason: null, rows, sources: trace.sources.map(() => ({ uses: [], squares: true })) };
  }
  if (!rows.rows.has(output.id)) {
    const mixing = trace.nodes.find((node) => node.outputs.some((y) => rows.mixed.has(y.id)) && !node.inputs.some((x) => rows.mixed.has(x.id)));
    return fallback(
      rows.mixed.has(output.id) && mixing !== undefined
        ? `the model's forward pass does not keep the examples apart, one row each on axis 0: kernel '${mixing.kernelName}' ` +
            `(kernel call ${mixing.index + 1}) mixes them or moves them off axis 0`
        : "the model's output does not depend on the batch's inputs",
    );
  }
  const needed = nodesLeadingTo(trace, [output.id]);
  const sources: SourcePlan[] = [];
  let shared: string | null = null;
  for (const [k, source] of trace.sources.entries()) {
    const uses: Use[] = [];
    for (const i of needed) {
      const node = trace.nodes[i];
      for (const [slot, x] of node.inputs.entries()) {
        if (x.id !== source.id) continue;
        const use = classifyUse(node, slot, source, rows);
        if (use === null) {
          return fallback(
            `parameter ${k} (shape ${shapeString(source.shape)}) is read by kernel '${node.kernelName}' (kernel call ${node.index + 1}), ` +
              'which is neither the weight operand of a matMul on the examples\' rows nor a bias added over the batch',
          );
        }
        uses.push(use);
      }
    }
    const squares = uses.length === 0 || (uses.length === 1 && (uses[0].kind === 'bias' || uses[0].node.inputs[0].rank === 2));
    if (!squares && shared === null) {
      shared =
        uses.length > 1
          ? `parameter ${k} (shape ${shapeString(source.shape)}) is read ${uses.length} times, so its per-example gradient sums the uses before squaring`
          : `parameter ${k} (shape ${shapeString(source.shape)}) multiplies several rows per example (an operand of shape ${shapeString(uses[0].node.inputs[0].shape)})`;
    }
    sources.push({ uses, squares });
  }
  return { method: shared === null ? 'squared-products' : 'per-example-products', reason: shared, rows, sources };
}

/** The use of `source` as input `slot` of `node`, or null if neither kind. */
function classifyUse(node: TraceNode, slot: number, source: tf.Tensor, rows: BatchRows): Use | null {
  const out = node.outputs[0];
  if (!rows.rows.has(out.id)) return null;
  if (node.kernelName === tf.BatchMatMul) {
    const a = node.inputs[0];
    const ok = slot === 1 && source.rank === 2 && rows.rows.has(a.id) && (a.rank === 2 || a.rank === 3) && out.rank === a.rank;
    return ok ? { kind: 'matMul', node } : null;
  }
  if (node.kernelName === tf.Add || node.kernelName === tf.Sub) {
    // Broadcast over the batch: the parameter has fewer axes than the output, or 1 on axis 0.
    const other = node.inputs[1 - slot];
    const ok = rows.rows.has(other.id) && (source.rank < out.rank || source.shape[0] === 1);
    return ok ? { kind: 'bias', node, sign: node.kernelName === tf.Sub && slot === 1 ? -1 : 1 } : null;
  }
  return null;
}

/** Is `plan` one that squaredSums runs (not the per-example fallback)? */
export function runsSquaredSums(plan: SquaredSumsPlan | ExactDiagonalPlan): plan is SquaredSumsPlan {
  return 'sources' in plan;
}

/**
 * sum_i (grad l_i)^2 per parameter (NOT divided by N), as parts, for
 * per-example output gradients `g` (shaped like the model's output). Runs
 * inside the caller's tf.tidy. Per-example gradients are formed in chunks of
 * at most `chunkFloats` floats (a parameter's size per example, at least one
 * example a chunk).
 */
export function squaredSums(trace: Trace, plan: SquaredSumsPlan, g: tf.Tensor, chunkFloats = PER_EXAMPLE_FLOATS): Parts {
  const output = trace.results[0];
  const n = plan.rows.batchSize;
  // One reverse sweep; cotangents of the row tensors only (not of the
  // parameters: that would be the summed gradient, a product per layer).
  const cot = trace.isActive(output.id) ? backward(trace, new Map([[output.id, g]]), { only: plan.rows.rows }) : new Map();
  const adjoint = (node: TraceNode): tf.Tensor | null => cot.get(node.outputs[0].id) ?? null;
  return trace.sources.map((source, k) => {
    const { uses, squares } = plan.sources[k];
    const live = uses.filter((use) => adjoint(use.node) !== null);
    if (live.length === 0) return tf.zeros(source.shape);
    if (squares) {
      const [use] = live;
      const delta = adjoint(use.node) as tf.Tensor;
      return use.kind === 'bias' ? tf.sum(tf.square(perExampleBias(delta, source.shape, n)), 0) : squaredProduct(trace, use.node, delta);
    }
    return perExampleSquares(live, adjoint, source, n, chunkFloats);
  });
}

/**
 * sum_i (x_i' delta_i).^2 for a dense layer z = x W (or x W'): (x.^2)' (delta.^2)
 * (or its transpose), with x' cached at the point (the gradient's sweep made it).
 */
function squaredProduct(trace: Trace, node: TraceNode, delta: tf.Tensor): tf.Tensor {
  const { transposeB } = node.attrs as unknown as tf.BatchMatMulAttrs;
  if (!transposeB) return tf.matMul(tf.square(transposedInput(trace, node, 0)), tf.square(delta));
  // z = x W' with W [k, d]: grad_W l_i = delta_i' x_i.
  return tf.matMul(transposeLast(tf.square(delta)), tf.square(node.inputs[0]));
}

/** Per-example gradients of a bias (shape `shape`) from the adjoint of its sum: [N, ...shape]. */
function perExampleBias(delta: tf.Tensor, shape: readonly number[], n: number): tf.Tensor {
  const aligned = [...Array<number>(delta.rank - shape.length).fill(1), ...shape];
  return tf.reshape(reduceTo(delta, [n, ...aligned.slice(1)]), [n, ...shape]);
}

/**
 * sum_i (sum over uses of the per-example gradient).^2 for a parameter read
 * several times: per-example gradients formed by one batched matMul per
 * chunk of examples, plus those of its bias uses.
 */
function perExampleSquares(
  uses: readonly Use[],
  adjoint: (node: TraceNode) => tf.Tensor | null,
  source: tf.Tensor,
  n: number,
  chunkFloats: number,
): tf.Tensor {
  // grad_W l_i = sum_u L_{u,i}' R_{u,i}: L' stacked as [N, r, M], R as [N, M, c].
  const lefts: tf.Tensor[] = [];
  const rights: tf.Tensor[] = [];
  let bias: tf.Tensor | null = null;
  for (const use of uses) {
    const delta = adjoint(use.node) as tf.Tensor;
    if (use.kind === 'bias') {
      // Signs matter here: the uses' gradients are summed before squaring.
      const b = perExampleBias(use.sign === 1 ? delta : tf.neg(delta), source.shape, n);
      bias = bias === null ? b : tf.add(bias, b);
      continue;
    }
    const [a] = use.node.inputs;
    const { transposeA, transposeB } = use.node.attrs as unknown as tf.BatchMatMulAttrs;
    // op(A) and delta with the rows of each example on axis 1: [N, m, d] and [N, m, k].
    const opA = a.rank === 2 ? tf.expandDims(a, 1) : transposeA ? transposeLast(a) : a;
    const d3 = delta.rank === 2 ? tf.expandDims(delta, 1) : delta;
    const [left, right] = transposeB ? [d3, opA] : [opA, d3];
    lefts.push(left.shape[1] === 1 ? tf.reshape(left, [n, left.shape[2] as number, 1]) : transposeLast(left));
    rights.push(right);
  }
  const lt = lefts.length === 0 ? null : lefts.length === 1 ? lefts[0] : tf.concat(lefts, 2);
  const r = rights.length === 0 ? null : rights.length === 1 ? rights[0] : tf.concat(rights, 1);
  const chunk = Math.max(1, Math.floor(chunkFloats / source.size));
  let sum: tf.Tensor | null = null;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const part = tf.tidy(() => {
      const rowsOf = (t: tf.Tensor): tf.Tensor => (size === n ? t : tf.slice(t, start, size));
      let perExample: tf.Tensor | null = lt === null || r === null ? null : tf.reshape(tf.matMul(rowsOf(lt), rowsOf(r)), [size, ...source.shape]);
      if (bias !== null) perExample = perExample === null ? rowsOf(bias) : tf.add(perExample, rowsOf(bias));
      return tf.sum(tf.square(perExample as tf.Tensor), 0);
    });
    if (sum === null) sum = part;
    else {
      const next: tf.Tensor = tf.add(sum, part);
      tf.dispose([sum, part]);
      sum = next;
    }
  }
  return sum as tf.Tensor;
}
