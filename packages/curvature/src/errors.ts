/** Shared argument checks; every message names the argument at fault. */

export function checkFiniteArray(name: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`${name} must be finite, but element ${i} is ${data[i]}`);
    }
  }
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
