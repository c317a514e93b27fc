/**
 * A kernel case (kernel-cases.ts) as a recorded trace: the op's inputs at
 * the point are the sources (theta is their concatenation); the outputs are
 * the op's (cast to float32). Plus the op's
 * directional derivative by central finite differences, the reference for
 * forward mode, with the same fourth-order stencil and step as
 * gradients-check.ts (and the same error analysis: FD_TOL).
 */
import * as tf from '@tensorflow/tfjs-core';
import { linearizeTrace, type Linearization } from '../../src/linearization.js';
import { recordTrace } from '../../src/trace/tape/record.js';
import type { Trace } from '../../src/trace/tape/tape.js';
import { FD_STEP, draw, tensorsAt, type Op, type Point } from './gradients-check.js';

function floatOutputs(op: Op, xs: tf.Tensor[]): tf.Tensor[] {
  const out = op(...xs);
  return (Array.isArray(out) ? out : [out]).map((o) => (o.dtype === 'float32' ? o : tf.cast(o, 'float32')));
}

/** The point's inputs concatenated, theta's layout. */
export function flatten(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export interface TracedCase {
  readonly sources: readonly tf.Tensor[];
  readonly trace: Trace;
  readonly lin: Linearization;
  dispose(): void;
}

/** Records op at the point: its inputs are the trace's sources (theta is their concatenation). */
export function traceCase(op: Op, point: Point, rules = true): TracedCase {
  const sources = tensorsAt(point);
  const trace = recordTrace(sources, () => floatOutputs(op, sources));
  const lin = linearizeTrace(trace, { rules });
  return {
    sources,
    trace,
    lin,
    dispose() {
      lin.dispose();
      tf.dispose(sources);
    },
  };
}

/** The op's outputs at a point, as float32 data. */
export function outputsAt(op: Op, point: Point): Float32Array[] {
  return tf.tidy(() => floatOutputs(op, tensorsAt(point)).map((o) => o.dataSync() as Float32Array));
}

/** d/dt op(x + t v) at t = 0 by the fourth-order central stencil. */
export function fdJvp(op: Op, point: Point, v: readonly Float32Array[], h = FD_STEP): Float64Array[] {
  const at = (t: number): Float32Array[] =>
    outputsAt(op, { shapes: point.shapes, values: point.values.map((x, i) => x.map((xj, j) => xj + t * v[i][j])) });
  const [p2, p1, m1, m2] = [2, 1, -1, -2].map((k) => at(k * h));
  return p2.map((_, i) =>
    Float64Array.from({ length: p2[i].length }, (_, j) => (-p2[i][j] + 8 * p1[i][j] - 8 * m1[i][j] + m2[i][j]) / (12 * h)),
  );
}

/** The weights w_i of gradients-check's linearLoss / quadraticLoss for the op's outputs at the point. */
export function lossWeights(op: Op, point: Point): Float32Array[] {
  return outputsAt(op, point).map((o, i) => draw('normal', o.length, 9001 + i));
}
