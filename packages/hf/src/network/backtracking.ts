import type { SavedIterate } from '@hessian-free/krylov';

/** The iterate CG backtracking chose, and the objective there. */
export interface Backtracked {
  readonly iteration: number;
  readonly x: Float32Array;
  readonly value: number;
}

/**
 * CG backtracking (Martens 2010, section 4.6): the later CG iterates fit the
 * quadratic model of the curvature batch ever better, but not necessarily
 * the objective. Starting from the last saved iterate, walk back through the
 * earlier ones while the objective keeps improving; return the best one seen.
 * Non-finite objective values count as +Infinity.
 */
export function backtrackIterates(saved: readonly SavedIterate[], objective: (x: Float32Array) => number): Backtracked {
  if (saved.length === 0) throw new Error('backtrackIterates: no saved iterates');
  let best: Backtracked | null = null;
  for (let k = saved.length - 1; k >= 0; k--) {
    const { iteration, x } = saved[k];
    const raw = objective(x as Float32Array);
    const value = Number.isFinite(raw) ? raw : Infinity;
    if (best !== null && !(value < best.value)) break;
    best = { iteration, x: x as Float32Array, value };
  }
  return best as Backtracked;
}
