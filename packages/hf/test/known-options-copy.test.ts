import { armijoRule, levenbergMarquardt, structuralDamping, tikhonov, trustRegion } from '@hessian-free/damping';
import { checkKnownOptions } from '@hessian-free/linop';
import { describe, expect, it } from 'vitest';

// damping has no dependencies, so it keeps a copy of linop's checkKnownOptions
// (packages/damping/src/checks.ts). hf uses both packages: here the copy must
// answer every misspelling of every damping option as linop's does.

/** The message of the error `f` throws ('' if it returns). */
function message(f: () => unknown): string {
  try {
    f();
    return '';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** Slips of the pen on a name: a letter dropped or doubled, neighbours swapped, case changed, a front or back part alone. */
function misspellings(name: string): string[] {
  const out = new Set<string>([name.toLowerCase(), name.toUpperCase(), `${name}s`, 'zzzzzz', 'x']);
  for (let i = 0; i < name.length; i++) {
    out.add(name.slice(0, i) + name.slice(i + 1));
    out.add(name.slice(0, i) + name[i] + name.slice(i));
    if (i + 1 < name.length) out.add(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2));
    if (i > 0) {
      out.add(name.slice(0, i));
      out.add(name.slice(i));
    }
  }
  out.delete(name);
  return [...out];
}

const policies: readonly [string, readonly string[], (options: Record<string, unknown>) => unknown][] = [
  ['levenbergMarquardt', ['initialLambda', 'low', 'high', 'boost', 'drop', 'minLambda', 'maxLambda'], (o) => levenbergMarquardt(o as never)],
  ['trustRegion', ['initialRadius', 'maxRadius', 'eta', 'low', 'high', 'shrink', 'grow'], (o) => trustRegion(o as never)],
  ['armijoRule', ['c', 'shrink', 'maxTries', 'strictDecrease'], (o) => armijoRule({ c: 0.1, shrink: 0.5, maxTries: 3, ...o } as never)],
  ['tikhonov', ['lambda'], (o) => tikhonov({ lambda: 1, ...o } as never)],
  ['structuralDamping', ['mu'], (o) => structuralDamping({ mu: 1, ...o } as never)],
];

describe("damping's copy of linop's checkKnownOptions", () => {
  it.each(policies)('%s suggests the names linop suggests, for every misspelling of its options', (name, known, make) => {
    const typos = [...new Set(known.flatMap(misspellings))].filter((t) => !known.includes(t));
    expect(typos.length).toBeGreaterThan(5);
    for (const typo of typos) {
      const want = message(() => checkKnownOptions(name, { [typo]: 1 }, known));
      expect(want).toMatch(/^TypeError: .* unknown option/);
      expect(message(() => make({ [typo]: 1 }))).toBe(want);
    }
  });
});
