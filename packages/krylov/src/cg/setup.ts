import type { LinearOperator, Vector } from '@hessian-free/linop';
import { checkBoolean, checkFunction, checkInsideRadius, checkPositive } from '../checks.js';
import { setupSolver, solverVectors } from '../solver-setup.js';
import { solverOptionNames } from '../solver-types.js';
import type { SolverSetup } from '../solver-setup.js';
import type { WorkVectors } from '../solver-workspace.js';
import { schedulePredicate } from './saved-iterates.js';
import type { CgIterationInfo, CgOptions, CgStopRule } from './types.js';
import { cgWorkspaceKind } from './workspace.js';
import type { CgWorkspace } from './workspace.js';

/**
 * The checked, defaulted inputs of one `cg` call, with its vectors in place:
 * those of `CgWorkspace` (z, M r, is the same array as r without a
 * preconditioner).
 */
export interface CgSetup<V extends Vector> extends SolverSetup<V, CgIterationInfo<V>>, WorkVectors<CgWorkspace, V> {
  /** Infinity when there is no trust region. */
  readonly radius: number;
  readonly stop: CgStopRule | null;
  readonly saveDue: ((iteration: number) => boolean) | null;
  readonly trueResidual: boolean;
}

/** Every option of `cg`, in the order that error messages list them. */
const cgOptionNames = Object.keys({
  ...solverOptionNames,
  radius: true,
  stop: true,
  saveIterates: true,
  workspace: true,
  trueResidual: true,
} satisfies Record<keyof CgOptions, true>);

/**
 * Checks every argument of `cg` before anything is computed or written, and
 * gathers the work vectors (from the workspace, or new).
 */
export function setupCg<V extends Vector>(A: LinearOperator, b: V, options: CgOptions<V> | undefined): CgSetup<V> {
  const common = setupSolver('cg', A, b, options, cgOptionNames);
  const o: CgOptions<V> = options ?? {};
  const radius = o.radius ?? Infinity;
  if (o.radius !== undefined) checkPositive('cg: radius', radius);
  if (o.stop !== undefined) checkFunction('cg: stop', o.stop);
  const trueResidual = o.trueResidual ?? true;
  checkBoolean('cg: trueResidual', trueResidual);
  const saveDue = schedulePredicate('cg: saveIterates', o.saveIterates);
  const { x, work } = solverVectors('cg', cgWorkspaceKind, b, common.x0, o.out, o.workspace);
  if (common.x0 !== null && radius < Infinity) checkInsideRadius('cg: x0', common.x0, radius);

  const r = work((ws) => ws.r);
  return {
    ...common,
    radius,
    stop: o.stop ?? null,
    saveDue,
    trueResidual,
    x,
    r,
    z: common.M !== null ? work((ws) => ws.z) : r,
    p: work((ws) => ws.p),
    q: work((ws) => ws.q),
  };
}
