import type { CurvatureAt } from '@hessian-free/curvature';
import { structuralDamping } from '@hessian-free/damping';
import { add, scale, shift, type LinearOperator } from '@hessian-free/linop';
import type { CurvatureKind } from './types.js';

/** The curvature operators of one step. */
export interface DampedSystem {
  /** The undamped curvature C of the objective (including l2 I for the weight cost): rho's model. */
  readonly curvature: LinearOperator;
  /** What CG solves with: C + lambda I, plus lambda mu S with structural damping. */
  readonly damped: LinearOperator;
}

/**
 * C + lambda I (Tikhonov damping, Martens 2010 section 4.1), plus
 * lambda mu S (structural damping, Martens & Sutskever 2011 section 3.2,
 * the weight riding on lambda as in @hessian-free/damping).
 */
export function dampedSystem(at: CurvatureAt, kind: CurvatureKind, l2: number, lambda: number, mu: number): DampedSystem {
  const base = kind === 'hessian' ? at.hessian() : kind === 'fisher' ? at.fisher({ kind: 'empirical' }) : at.gaussNewton();
  const curvature = l2 > 0 ? shift(base, l2) : base;
  const tikhonov = shift(curvature, lambda);
  const weight = mu > 0 ? structuralDamping({ mu }).weight(lambda) : 0;
  if (weight === 0) return { curvature, damped: tikhonov };
  // G + weight S in one product (one forward-mode and one reverse sweep) where the point has it.
  const withS = kind === 'gauss-newton' && at.dampedGaussNewton !== undefined ? at.dampedGaussNewton(weight) : add(base, scale(weight, at.structuralDamping()));
  return { curvature, damped: shift(l2 > 0 ? shift(withS, l2) : withS, lambda) };
}

/** Whether the curvature kind is positive semidefinite (negative curvature then means numerical trouble). */
export function isSemidefinite(kind: CurvatureKind): boolean {
  return kind !== 'hessian';
}
