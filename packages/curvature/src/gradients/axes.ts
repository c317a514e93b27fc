/** Axis bookkeeping shared by the gradients of reductions and shape ops. */

/** A kernel's axis attribute (null, one axis or several, possibly negative) as non-negative axes. */
export function normalizeAxes(axis: number | readonly number[] | null | undefined, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  return list.map((a) => (a < 0 ? a + rank : a));
}

/** One axis, possibly negative, as a non-negative axis. */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** The shape of a reduction with keepDims: `shape` with 1 on every reduced axis. */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}
