import type { LinearOperator, Vector } from '@hessian-free/linop';
import { checkBoolean, checkFunction, checkInsideRadius, checkOneOf, checkPositive } from '../checks.js';
import { setupSolver, solverVectors } from '../solver-setup.js';
import { solverOptionNames } from '../solver-types.js';
import type { SolverSetup } from '../solver-setup.js';
import type { WorkVectors } from '../solver-workspace.js';
import { jsEngine, wasmSolveVectors } from './engine.js';
import type { CgEngine, CgKernels } from './engine.js';
import { schedulePredicate } from './saved-iterates.js';
import type { CgIterationInfo, CgOptions, CgStopRule } from './types.js';
import { cgWorkspaceKind } from './workspace.js';
import type { CgWorkspace } from './workspace.js';

/**
 * The checked, defaulted inputs of one `cg` call, with its vectors in place:
 * those of `CgWorkspace` (z, M r, is the same array as r without a
 * preconditioner), or, on the WebAssembly engine, vectors in the kernels'
 * memory; `x` is the solution the caller gets, `xWork` and `bWork` the x and
 * b the iteration works on (x and b themselves on the JavaScript engine).
 */
export interface CgSetup<V extends Vector> extends SolverSetup<V, CgIterationInfo<V>>, WorkVectors<CgWorkspace, V> {
  /** Infinity when there is no trust region. */
  readonly radius: number;
  readonly stop: CgStopRule | null;
  readonly saveDue: ((iteration: number) => boolean) | null;
  readonly trueResidual: boolean;
  readonly engine: CgEngine<V>;
  readonly xWork: V;
  readonly bWork: V;
  /** Returns the engine's vectors (a no-op on the JavaScript engine). */
  readonly release: () => void;
}

/** Every option of `cg`, in the order that error messages list them. */
const cgOptionNames = Object.keys({
  ...solverOptionNames,
  radius: true,
  stop: true,
  saveIterates: true,
  workspace: true,
  trueResidual: true,
  kernels: true,
} satisfies Record<keyof CgOptions, true>);

const noRelease = (): void => {};

/**
 * Checks every argument of `cg` before anything is computed or written, and
 * gathers the work vectors: in the WebAssembly kernels' memory (b and x0
 * copied in by the caller) unless `kernels: 'js'` or they cannot run here,
 * else from the workspace, or new.
 */
export function setupCg<V extends Vector>(A: LinearOperator, b: V, options: CgOptions<V> | undefined): CgSetup<V> {
  const common = setupSolver('cg', A, b, options, cgOptionNames);
  const o: CgOptions<V> = options ?? {};
  const radius = o.radius ?? Infinity;
  if (o.radius !== undefined) checkPositive('cg: radius', radius);
  if (o.stop !== undefined) checkFunction('cg: stop', o.stop);
  const trueResidual = o.trueResidual ?? true;
  checkBoolean('cg: trueResidual', trueResidual);
  const kernels: CgKernels = o.kernels ?? 'wasm';
  checkOneOf('cg: kernels', kernels, ['wasm', 'js']);
  const saveDue = schedulePredicate('cg: saveIterates', o.saveIterates);
  const { x, work } = solverVectors('cg', cgWorkspaceKind, b, common.x0, o.out, o.workspace);
  if (common.x0 !== null && radius < Infinity) checkInsideRadius('cg: x0', common.x0, radius);
  const own = { ...common, radius, stop: o.stop ?? null, saveDue, trueResidual, x };

  const wasm = kernels === 'wasm' ? wasmSolveVectors(A, b, common.M !== null) : null;
  if (wasm !== null) {
    const [bWork, xWork, r, p, q, z] = wasm.vectors;
    bWork.set(b);
    return { ...own, engine: wasm.engine, release: wasm.release, bWork, xWork, r, z: z ?? r, p, q };
  }
  const r = work((ws) => ws.r);
  return {
    ...own,
    engine: jsEngine(A),
    release: noRelease,
    bWork: b,
    xWork: x,
    r,
    z: common.M !== null ? work((ws) => ws.z) : r,
    p: work((ws) => ws.p),
    q: work((ws) => ws.q),
  };
}
