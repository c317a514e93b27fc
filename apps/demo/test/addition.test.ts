import { describe, expect, it } from 'vitest';
import { ADDITION_SUCCESS_MAE, additionProblem, markerRanges, meanAbsoluteError, solvesAddition } from '../src/data/addition.js';

describe('addition problem', () => {
  it('puts the first marker in the first 10% of positions and the second in the last 50%', () => {
    expect(markerRanges(100)).toEqual({ first: [0, 10], second: [50, 100] });
    expect(markerRanges(30)).toEqual({ first: [0, 3], second: [15, 30] });
    expect(markerRanges(15)).toEqual({ first: [0, 2], second: [8, 15] }); // p < 1.5, p >= 7.5
    expect(markerRanges(2)).toEqual({ first: [0, 1], second: [1, 2] });
    expect(() => markerRanges(1)).toThrow(/length must be an integer >= 2/);
  });

  it.each([2, 15, 30, 100])('T = %i: two markers obeying the rule, values in [0, 1], target = sum of marked values', (T) => {
    const { first, second } = markerRanges(T);
    const d = additionProblem(2000, T, 3);
    expect(d.inputs.length).toBe(2000 * T * 2);
    expect(d.targets.length).toBe(2000);
    const hitFirst = new Set<number>();
    const hitSecond = new Set<number>();
    const problems: string[] = []; // collected rather than one expect per element, for speed
    let worstTargetError = 0;
    for (let n = 0; n < d.count; n++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const value = d.inputs[(n * T + t) * 2];
        const marker = d.inputs[(n * T + t) * 2 + 1];
        if (!(value >= 0 && value < 1)) problems.push(`value ${value} at ${n},${t}`);
        if (marker !== 0 && marker !== 1) problems.push(`marker ${marker} at ${n},${t}`);
        if (marker === 1) {
          marked.push(t);
          sum += value;
        }
      }
      if (marked.length !== 2) problems.push(`sequence ${n} has ${marked.length} markers`);
      if (!(marked[0] >= first[0] && marked[0] < first[1])) problems.push(`first marker of ${n} at ${marked[0]}`);
      if (!(marked[1] >= second[0] && marked[1] < second[1])) problems.push(`second marker of ${n} at ${marked[1]}`);
      hitFirst.add(marked[0]);
      hitSecond.add(marked[1]);
      worstTargetError = Math.max(worstTargetError, Math.abs(d.targets[n] - sum));
    }
    expect(problems).toEqual([]);
    // Tolerance: the target is the float32 rounding of the exact sum of two
    // float32 values below 1, so it is off by at most half an ulp of 2.
    expect(worstTargetError).toBeLessThanOrEqual(2 ** -23);
    // Uniform over the whole range: with 2000 draws every allowed position occurs.
    expect(hitFirst.size).toBe(first[1] - first[0]);
    expect(hitSecond.size).toBe(second[1] - second[0]);
  });

  it('is deterministic by seed', () => {
    expect(additionProblem(50, 20, 9)).toEqual(additionProblem(50, 20, 9));
    expect(additionProblem(50, 20, 9).inputs).not.toEqual(additionProblem(50, 20, 10).inputs);
  });

  it('measures success as mean absolute error below 0.04', () => {
    expect(ADDITION_SUCCESS_MAE).toBe(0.04);
    expect(meanAbsoluteError([1, 2, 3], [1.5, 2, 2])).toBeCloseTo(0.5, 15);
    expect(solvesAddition([1.03, 0.97], [1, 1])).toBe(true);
    expect(solvesAddition([1.05, 0.97], [1, 1])).toBe(false);
    expect(() => meanAbsoluteError([1], [1, 2])).toThrow(/predictions has 1 entries, targets 2/);
    expect(() => meanAbsoluteError([], [])).toThrow(/no targets/);
  });

  it('rejects a bad count', () => {
    expect(() => additionProblem(-1, 10, 1)).toThrow(/count must be a non-negative integer/);
  });
});
