/** A saved CG iterate, the iterate backtracking chose, and the objective there. */
export interface Backtracked {
  readonly iteration: number;
  readonly x: Float32Array;
  readonly value: number;
}

/**
 * CG backtracking (Martens 2010, section 4.6): later CG iterates fit the
 * quadratic model of the curvature batch ever better, but not necessarily
 * the objective. Starting from the last saved iterate, walk back through the
 * earlier ones while the objective keeps improving (stop at the first that
 * is not better); return the best one seen. A non-finite objective counts
 * as +Infinity.
 */
export function backtrackIterates(
  saved: readonly { readonly iteration: number; readonly x: Float32Array }[],
  objective: (x: Float32Array) => number,
): Backtracked {
  if (saved.length === 0) throw new Error('backtrackIterates: no saved iterates');
  let best: Backtracked | null = null;
  for (let k = saved.length - 1; k >= 0; k--) {
    const { iteration, x } = saved[k];
    const raw = objective(x);
    const value = Number.isFinite(raw) ? raw : Infinity;
    if (best !== null && !(value < best.value)) break;
    best = { iteration, x, value };
  }
  return best as Backtracked;
}
