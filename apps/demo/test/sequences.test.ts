// The sequence tasks (Martens & Sutskever 2011, section 5): lengths, padding,
// marker positions and targets, each recomputed here from the inputs alone;
// the success criteria; determinism by seed.
import { describe, expect, it } from 'vitest';
import { ADDITION, ADDITION_SUCCESS_MAE } from '../src/data/sequences/addition.js';
import { isSequenceTask, SEQUENCE_TASKS, SEQUENCE_TASK_NAMES } from '../src/data/sequences/index.js';
import { generateSequences, MAX_SEQUENCE_LENGTH, maxSteps, type SequenceData } from '../src/data/sequences/layout.js';
import { markerRanges } from '../src/data/sequences/marked-pair.js';
import { MEMORIZATION } from '../src/data/sequences/memorization.js';
import { MULTIPLICATION } from '../src/data/sequences/multiplication.js';
import { additionProblem, sequenceProblem } from '../src/data/sequences/seeded.js';
import { bitErrorRate, meanAbsoluteError } from '../src/data/sequences/task.js';
import { XOR } from '../src/data/sequences/xor.js';
import { seededRng } from '@hessian-free/hf';

/** Feature c of step t of sequence n, in the sequence's own time (t = 0 is its first step). */
function feature(d: SequenceData, n: number, t: number, c: number): number {
  const start = d.steps - d.lengths[n];
  return d.inputs[(n * d.steps + start + t) * d.channels + c];
}

/** Checks every sequence's length, padding and in-sequence channel; returns problems found. */
function layoutProblems(d: SequenceData, T: number): string[] {
  const problems: string[] = [];
  const inside = d.channels - 1;
  for (let n = 0; n < d.count; n++) {
    const L = d.lengths[n];
    if (!(L >= T && L <= 1.1 * T)) problems.push(`sequence ${n} has ${L} steps`);
    for (let s = 0; s < d.steps; s++) {
      const base = (n * d.steps + s) * d.channels;
      const within = s >= d.steps - L;
      if (d.inputs[base + inside] !== (within ? 1 : 0)) problems.push(`in-sequence channel of ${n} at ${s}`);
      if (!within) for (let c = 0; c < inside; c++) if (d.inputs[base + c] !== 0) problems.push(`padding of ${n} at ${s}`);
    }
  }
  return problems;
}

describe('the layout shared by the sequence tasks', () => {
  it('pads to floor(1.1 T) steps, computed in integers', () => {
    expect([10, 30, 100, 200, 1000].map(maxSteps)).toEqual([11, 33, 110, 220, 1100]);
    // 1.1 * 70 = 77.00000000000001 and 1.1 * 90 = 99.00000000000001 in floats; every T agrees with exact 11 T / 10.
    for (let T = 1; T <= MAX_SEQUENCE_LENGTH; T++) expect(maxSteps(T)).toBe((11 * T - ((11 * T) % 10)) / 10);
  });

  it.each(SEQUENCE_TASK_NAMES)('%s: lengths uniform over T..1.1 T, padded at the front, the in-sequence channel exact', (name) => {
    const task = SEQUENCE_TASKS[name];
    for (const T of [task.minLength, 30, 100]) {
      const d = sequenceProblem(task, 600, T, 5);
      expect([d.task, d.count, d.length, d.steps, d.channels, d.readoutSteps]).toEqual([name, 600, T, maxSteps(T), task.channels + 1, task.readoutSteps]);
      expect(d.inputs.length).toBe(600 * maxSteps(T) * (task.channels + 1));
      expect(d.targets.length).toBe(600 * task.readoutSteps);
      expect(layoutProblems(d, T)).toEqual([]);
      // Every length from T to floor(1.1 T) occurs (600 draws over at most 11 values).
      expect(new Set(d.lengths).size).toBe(maxSteps(T) - T + 1);
    }
  });

  it('knows its tasks by name', () => {
    for (const name of SEQUENCE_TASK_NAMES) expect(SEQUENCE_TASKS[name].name).toBe(name);
    expect(isSequenceTask('rnn-addition')).toBe(true);
    expect(isSequenceTask('spirals')).toBe(false);
    expect(isSequenceTask('toString')).toBe(false);
  });

  it('rejects a bad count or length, naming the caller', () => {
    const rng = seededRng(1);
    expect(() => generateSequences('f', ADDITION, -1, 30, rng)).toThrow(new RangeError('f: count must be a non-negative integer, got -1'));
    expect(() => generateSequences('f', ADDITION, 1.5, 30, rng)).toThrow(/f: count must be a non-negative integer, got 1.5/);
    expect(() => generateSequences('f', ADDITION, 10, 9, rng)).toThrow(new RangeError('f: length must be an integer from 10 to 1000, got 9'));
    expect(() => generateSequences('f', ADDITION, 10, 1001, rng)).toThrow(RangeError);
    expect(() => generateSequences('f', ADDITION, 10, 30.5, rng)).toThrow(RangeError);
    expect(() => generateSequences('f', ADDITION, 10, '30' as unknown as number, rng)).toThrow(new TypeError('f: length must be an integer from 10 to 1000, got the string "30"'));
    expect(() => generateSequences('f', MEMORIZATION, 10, 11, rng)).toThrow(/from 12 to 1000/);
  });

  it('is deterministic by seed', () => {
    expect(additionProblem(50, 20, 9)).toEqual(additionProblem(50, 20, 9));
    expect(additionProblem(50, 20, 9).inputs).not.toEqual(additionProblem(50, 20, 10).inputs);
  });
});

describe('the marked-pair tasks (addition, multiplication, XOR)', () => {
  it('draws the first marker from the first 10% of T after the start step, the second from the rest of the first half', () => {
    expect(markerRanges(100)).toEqual({ first: [1, 10], second: [10, 50] });
    expect(markerRanges(200)).toEqual({ first: [1, 20], second: [20, 100] });
    expect(markerRanges(30)).toEqual({ first: [1, 3], second: [3, 15] });
    expect(markerRanges(10)).toEqual({ first: [1, 2], second: [2, 5] });
    expect(markerRanges(19)).toEqual({ first: [1, 2], second: [2, 9] });
    expect(() => markerRanges(9)).toThrow(/length must be an integer >= 10/);
  });

  const cases = [
    [ADDITION, (a: number, b: number) => a + b, 'uniform'],
    [MULTIPLICATION, (a: number, b: number) => a * b, 'uniform'],
    [XOR, (a: number, b: number) => (a + b) % 2, 'bits'],
  ] as const;
  for (const [task, op, values] of cases) {
    it.each([10, 30, 100, 200])(`${task.name}, T = %i: markers 1 at two steps in their ranges, -1 at the first and last step, target recomputed`, (T) => {
      const { first, second } = markerRanges(T);
      const d = sequenceProblem(task, 2000, T, 3);
      const hitFirst = new Set<number>();
      const hitSecond = new Set<number>();
      const problems: string[] = []; // collected rather than one expect per element, for speed
      let worstTargetError = 0;
      for (let n = 0; n < d.count; n++) {
        const L = d.lengths[n];
        const marked: number[] = [];
        for (let t = 0; t < L; t++) {
          const value = feature(d, n, t, 0);
          const marker = feature(d, n, t, 1);
          if (values === 'uniform' ? !(value >= 0 && value < 1) : value !== 0 && value !== 1) problems.push(`value ${value} at ${n},${t}`);
          const expected = t === 0 || t === L - 1 ? -1 : null;
          if (marker === 1) marked.push(t);
          else if (marker !== (expected ?? 0)) problems.push(`marker ${marker} at ${n},${t}`);
        }
        if (marked.length !== 2) {
          problems.push(`sequence ${n} has ${marked.length} markers`);
          continue;
        }
        if (!(marked[0] >= first[0] && marked[0] < first[1])) problems.push(`first marker of ${n} at ${marked[0]}`);
        if (!(marked[1] >= second[0] && marked[1] < second[1])) problems.push(`second marker of ${n} at ${marked[1]}`);
        hitFirst.add(marked[0]);
        hitSecond.add(marked[1]);
        const target = op(feature(d, n, marked[0], 0), feature(d, n, marked[1], 0));
        worstTargetError = Math.max(worstTargetError, Math.abs(d.targets[n] - target));
      }
      expect(problems).toEqual([]);
      // Tolerance: the target is the float32 rounding of an exact sum or
      // product of two float32 values in [0, 1), below 2: half an ulp of 2
      // at most. XOR targets are exact.
      expect(worstTargetError).toBeLessThanOrEqual(values === 'bits' ? 0 : 2 ** -23);
      // Uniform over the whole ranges: with 2000 draws every allowed step occurs.
      expect(hitFirst.size).toBe(first[1] - first[0]);
      expect(hitSecond.size).toBe(second[1] - second[0]);
    });
  }

  it('XOR: values and targets are balanced bits', () => {
    const d = sequenceProblem(XOR, 4000, 30, 8);
    const ones = d.targets.reduce((a, b) => a + b, 0);
    // Binomial(4000, 1/2): sd 32; 5 sd either side.
    expect(Math.abs(ones - 2000)).toBeLessThan(160);
  });
});

describe('noiseless memorization', () => {
  it.each([12, 30, 100])('T = %i: 5 bits one-hot first, blanks, go 6 steps before the end, blank recall steps; targets are the bits', (T) => {
    const d = sequenceProblem(MEMORIZATION, 1000, T, 4);
    expect(d.channels).toBe(5);
    expect(d.readoutSteps).toBe(5);
    const problems: string[] = [];
    const patterns = new Set<string>();
    for (let n = 0; n < d.count; n++) {
      const L = d.lengths[n];
      const bits: number[] = [];
      for (let t = 0; t < L; t++) {
        const row = [0, 1, 2, 3].map((c) => feature(d, n, t, c));
        if (row.reduce((a, b) => a + b, 0) !== 1 || row.some((v) => v !== 0 && v !== 1)) problems.push(`step ${t} of ${n} is not one-hot: ${row}`);
        const symbol = row.indexOf(1);
        if (t < 5) {
          if (symbol > 1) problems.push(`step ${t} of ${n} is no bit`);
          bits.push(symbol);
        } else if (symbol !== (t === L - 6 ? 3 : 2)) problems.push(`step ${t} of ${n} is symbol ${symbol}`);
      }
      const targets = Array.from(d.targets.subarray(5 * n, 5 * n + 5));
      if (targets.join() !== bits.join()) problems.push(`targets of ${n} are ${targets}, bits ${bits}`);
      patterns.add(bits.join(''));
    }
    expect(problems).toEqual([]);
    expect(patterns.size).toBe(32); // 1000 draws over 32 strings
  });
});

describe('success criteria', () => {
  it('addition and multiplication: mean absolute error on held-out sequences below 0.04', () => {
    expect(ADDITION_SUCCESS_MAE).toBe(0.04);
    for (const task of [ADDITION, MULTIPLICATION]) {
      expect(task.success.threshold).toBe(0.04);
      expect(task.success.name).toBe('mean absolute error');
      expect(task.success.statistic([1, 2, 3], [1.5, 2, 2])).toBeCloseTo(0.5, 15);
      expect(task.success.statistic([1.03, 0.97], [1, 1]) < task.success.threshold).toBe(true);
      expect(task.success.statistic([1.05, 0.97], [1, 1]) < task.success.threshold).toBe(false);
    }
    expect(() => meanAbsoluteError([1], [1, 2])).toThrow(/predictions has 1 entries, targets 2/);
    expect(() => meanAbsoluteError([], [])).toThrow(/no targets/);
  });

  it('XOR and memorization: fewer than 1% wrong bits, a probability above 1/2 meaning 1', () => {
    for (const task of [XOR, MEMORIZATION]) {
      expect(task.success.threshold).toBe(0.01);
      expect(task.head).toBe('logistic');
    }
    expect(bitErrorRate([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1])).toBe(0.5); // 0.6 says 1 (wrong), 0.5 says 0 (wrong)
    const targets = Array.from({ length: 1000 }, (_, i) => i % 2);
    const predictions = targets.map((y, i) => (i < 9 ? 1 - y : y)); // 9 of 1000 wrong: 0.9%
    expect(XOR.success.statistic(predictions, targets) < 0.01).toBe(true);
    predictions[9] = 1 - targets[9]; // 10 of 1000: 1%, not below
    expect(XOR.success.statistic(predictions, targets) < 0.01).toBe(false);
  });

  it('a perfect predictor solves every task, a constant one none', () => {
    for (const name of SEQUENCE_TASK_NAMES) {
      const task = SEQUENCE_TASKS[name];
      const d = sequenceProblem(task, 500, 30, 11);
      expect(task.success.statistic(d.targets, d.targets)).toBe(0);
      const mean = d.targets.reduce((a, b) => a + b, 0) / d.targets.length;
      expect(task.success.statistic(d.targets.map(() => mean), d.targets)).toBeGreaterThan(task.success.threshold);
    }
  });
});
