import { describe } from '../options.js';

/**
 * Which CG iterates to keep (for CG backtracking, Martens 2010 section 4.6):
 * - `true`: Martens' geometric schedule, iterations ceil(5 * 1.3^j) for
 *   j = 0, 1, 2, ... (5, 7, 9, 11, 15, 19, 25, ...);
 * - a strictly increasing list of iteration numbers;
 * - a predicate called once per iteration number 0, 1, 2, ...
 * - `false` (the default): none.
 * The final iterate is always kept too when a schedule is given.
 */
export type IterateSchedule = boolean | readonly number[] | ((iteration: number) => boolean);

/**
 * Turns a schedule into a predicate that must be queried with the iteration
 * numbers 0, 1, 2, ... in order (it keeps a cursor), or null for no saving.
 * Throws, naming `name`, for a malformed schedule.
 */
export function schedulePredicate(name: string, schedule: unknown): ((iteration: number) => boolean) | null {
  if (schedule === undefined || schedule === false) return null;
  if (schedule === true) return martensPredicate();
  if (typeof schedule === 'function') return schedule as (iteration: number) => boolean;
  if (Array.isArray(schedule)) return listPredicate(name, schedule);
  throw new TypeError(`${name} must be a boolean, an increasing array of iteration numbers or a function, got ${describe(schedule)}`);
}

function martensPredicate(): (iteration: number) => boolean {
  let j = 0;
  let next = 5;
  return (k) => {
    if (k !== next) return false;
    // Advance to the first schedule point after k.
    while (next <= k) next = Math.ceil(5 * 1.3 ** ++j);
    return true;
  };
}

function listPredicate(name: string, list: readonly unknown[]): (iteration: number) => boolean {
  const iterations = list.slice() as number[];
  iterations.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${name}[${i}] must be a non-negative integer, got ${String(v)}`);
    }
    if (i > 0 && v <= iterations[i - 1]) {
      throw new RangeError(`${name} must be strictly increasing, got ${iterations[i - 1]} then ${v} at index ${i}`);
    }
  });
  let cursor = 0;
  return (k) => {
    if (cursor < iterations.length && iterations[cursor] === k) {
      cursor++;
      return true;
    }
    return false;
  };
}
