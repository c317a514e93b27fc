import { checkFinite, checkNoAlias } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { setupSolver, solverVectors } from '../solver-setup.js';
import { solverOptionNames } from '../solver-types.js';
import type { SolverSetup } from '../solver-setup.js';
import type { WorkVectors } from '../solver-workspace.js';
import type { MinresIterationInfo, MinresOptions } from './types.js';
import { minresWorkspaceKind } from './workspace.js';
import type { MinresWorkspace } from './workspace.js';

/**
 * The checked, defaulted inputs of one `minres` call, with its vectors in
 * place: those of `MinresWorkspace` (z, M r2, is the same array as r2
 * without a preconditioner).
 */
export interface MinresSetup<V extends Vector> extends SolverSetup<V, MinresIterationInfo<V>>, WorkVectors<MinresWorkspace, V> {
  readonly shift: number;
}

/** Every option of `minres`, in the order that error messages list them. */
const minresOptionNames = Object.keys({
  ...solverOptionNames,
  shift: true,
  workspace: true,
} satisfies Record<keyof MinresOptions, true>);

/**
 * Checks every argument of `minres` before anything is computed or written,
 * and gathers the work vectors (from the workspace, or new).
 */
export function setupMinres<V extends Vector>(A: LinearOperator, b: V, options: MinresOptions<V> | undefined): MinresSetup<V> {
  const common = setupSolver('minres', A, b, options, minresOptionNames);
  const o: MinresOptions<V> = options ?? {};
  const shift = o.shift ?? 0;
  checkFinite('minres: shift', shift);
  const { x, workspace, work } = solverVectors('minres', minresWorkspaceKind, b, common.x0, o.out, o.workspace);
  if (workspace !== undefined && common.x0 !== null) {
    for (const w of minresWorkspaceKind.vectors(workspace)) checkNoAlias('the workspace', w, 'minres: x0', common.x0);
  }

  const r2 = work((ws) => ws.r2);
  return {
    ...common,
    shift,
    x,
    v: work((ws) => ws.v),
    y: work((ws) => ws.y),
    r1: work((ws) => ws.r1),
    r2,
    z: common.M !== null ? work((ws) => ws.z) : r2,
    w1: work((ws) => ws.w1),
    w2: work((ws) => ws.w2),
  };
}
