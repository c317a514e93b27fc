/**
 * Option checks. Each throws before any state exists, with a message naming
 * the policy and the option.
 */

export function checkFinite(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

export function checkNonNegative(where: string, name: string, value: unknown): number {
  const v = checkFinite(where, name, value);
  if (v < 0) throw new RangeError(`${where}: ${name} must be >= 0, got ${v}`);
  return v;
}

export function checkPositive(where: string, name: string, value: unknown): number {
  const v = checkFinite(where, name, value);
  if (v <= 0) throw new RangeError(`${where}: ${name} must be > 0, got ${v}`);
  return v;
}

/** A plain object (not null, not an array), for restoring untrusted JSON. */
export function checkRecord(where: string, name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new TypeError(`${where}: ${name} must be a plain object, got ${got}`);
  }
  return value as Record<string, unknown>;
}

/** `state.kind` must name this policy, so one policy's state never feeds another's. */
export function checkKind(where: string, state: Record<string, unknown>, kind: string): void {
  if (state.kind !== kind) {
    throw new TypeError(`${where}: state.kind must be "${kind}", got ${JSON.stringify(state.kind)}`);
  }
}
