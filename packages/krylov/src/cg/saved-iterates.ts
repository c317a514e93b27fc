import { checkIterateSchedule } from '../checks.js';

/**
 * The `saveIterates` schedule of `cg` (see `IterateSchedule`) as a predicate
 * that must be queried with the iteration numbers 0, 1, 2, ... in order (it
 * keeps a cursor), or null for no saving. Throws, naming `name`, for a
 * malformed schedule.
 */
export function schedulePredicate(name: string, schedule: unknown): ((iteration: number) => boolean) | null {
  if (schedule === undefined || schedule === false) return null;
  checkIterateSchedule(name, schedule);
  if (schedule === true) return martensPredicate();
  if (typeof schedule === 'function') return schedule;
  return listPredicate(schedule as readonly number[]);
}

/** Martens' geometric schedule: iterations ceil(5 * 1.3^j), j = 0, 1, 2, ... */
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

/** The iterations of a strictly increasing list (copied, so later changes to it do not count). */
function listPredicate(list: readonly number[]): (iteration: number) => boolean {
  const iterations = list.slice();
  let cursor = 0;
  return (k) => {
    if (cursor < iterations.length && iterations[cursor] === k) {
      cursor++;
      return true;
    }
    return false;
  };
}
