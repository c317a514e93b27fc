// Seeds are integers 0..2^32-1 everywhere in the demo, never reduced modulo
// 2^32 (with >>> 0, -1 would be 4294967295 and 2^40 would be 0, so two
// different seeds would silently give the same data).
import { describe, expect, it } from 'vitest';
import { additionProblem } from '../src/data/sequences/seeded.js';
import { generatedTaskData } from '../src/data/generated.js';
import { loadMnist } from '../src/data/mnist.js';
import { twoSpirals } from '../src/data/spirals.js';
import { deriveSeed } from '../src/random.js';
import { trainers } from '../src/trainers/index.js';

const RANGE = 'must be an integer from 0 to 4294967295';
const BAD_SEEDS: [unknown, string, typeof RangeError][] = [
  [-1, '-1', RangeError],
  [2 ** 32, '4294967296', RangeError],
  [2 ** 40, '1099511627776', RangeError],
  [1.5, '1.5', RangeError],
  [Number.NaN, 'NaN', RangeError],
  [Infinity, 'Infinity', RangeError],
  ['1', 'the string "1"', TypeError],
];

describe('seeds', () => {
  it.each(BAD_SEEDS)('rejects %j in every function that takes a seed, naming it', (seed, shown, kind) => {
    const s = seed as number;
    expect(() => twoSpirals(10, s)).toThrow(new kind(`twoSpirals: seed ${RANGE}, got ${shown}`));
    expect(() => additionProblem(10, 30, s)).toThrow(new kind(`additionProblem: seed ${RANGE}, got ${shown}`));
    expect(() => loadMnist({ train: 10, test: 10, seed: s })).toThrow(new kind(`loadMnist: seed ${RANGE}, got ${shown}`));
    expect(() => deriveSeed(s, 1)).toThrow(new kind(`deriveSeed: seed ${RANGE}, got ${shown}`));
    expect(() => generatedTaskData('spirals', { train: 10, test: 10, seed: s })).toThrow(kind);
  });

  it('rejects a bad seed in the trainers before any work', async () => {
    const data = generatedTaskData('spirals', { train: 10, test: 10, seed: 1 });
    for (const optimizer of ['hf', 'adam'] as const) {
      await expect(trainers[optimizer]('spirals', data, { budgetMs: 1, seed: -1, previewCount: 0 }, () => {})).rejects.toThrow(
        new RangeError(`trainLoop: options.seed ${RANGE}, got -1`),
      );
    }
  });

  it('takes the whole range, and different seeds give different data', () => {
    expect(twoSpirals(4, 0).points).not.toEqual(twoSpirals(4, 2 ** 32 - 1).points);
    expect(deriveSeed(2 ** 32 - 1, 1)).toBeGreaterThanOrEqual(0);
  });
});
