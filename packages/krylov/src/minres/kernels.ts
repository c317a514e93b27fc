import { nrm2 } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';

/**
 * The vector loops of the MINRES iteration: each does in one pass what would
 * otherwise take two or three BLAS-1 calls, and returns the inner product the
 * recurrence needs next. Sums accumulate in float64 (JavaScript numbers)
 * whatever the storage precision.
 */

/**
 * r <- b - (A - shift I) x; returns ||r||, by linop's overflow-safe `nrm2`
 * (a second pass, taken only when MINRES checks a claim, not per iteration).
 */
export function residualInto(A: LinearOperator, shift: number, b: Vector, x: Vector, r: Vector): number {
  A.apply(x, r);
  for (let i = 0; i < r.length; i++) r[i] = b[i] - r[i] + shift * x[i];
  return nrm2(r);
}

/** v <- a z. */
export function scaleInto(a: number, z: Vector, v: Vector): void {
  for (let i = 0; i < v.length; i++) v[i] = a * z[i];
}

/** y <- y - shift v - c r1; returns v'y. */
export function shiftAndDot(y: Vector, v: Vector, shift: number, c: number, r1: Vector): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] - shift * v[i] - c * r1[i];
    y[i] = yi;
    s += v[i] * yi;
  }
  return s;
}

/** y <- y - a r2; returns y'y. */
export function subtractAndMeasure(a: number, r2: Vector, y: Vector): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] - a * r2[i];
    y[i] = yi;
    s += yi * yi;
  }
  return s;
}

/** w1 <- (v - e w1 - d w2) g; returns w1'w1. */
export function nextDirection(v: Vector, e: number, d: number, g: number, w1: Vector, w2: Vector): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const wi = (v[i] - e * w1[i] - d * w2[i]) * g;
    w1[i] = wi;
    s += wi * wi;
  }
  return s;
}
