import { describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../src/cli/table.js';
import { runMetrics } from '../src/report/metrics.js';

describe('summary table', () => {
  it('aligns one row per optimizer with the times to reach each level', () => {
    const hf = runMetrics('hf', 'autoencoder', [
      { step: 1, timeMs: 1200, trainLoss: 30 },
      { step: 2, timeMs: 2500, trainLoss: 9.5 },
    ], { trainLoss: 9.5, testLoss: 10.25 }, [20, 10, 5]);
    const adam = runMetrics('adam', 'autoencoder', [
      { step: 1, timeMs: 100, trainLoss: 45 },
      { step: 2, timeMs: 60000, trainLoss: 15 },
    ], { trainLoss: 15 }, [20, 10, 5]);
    expect(formatSummaryTable([hf, adam], [20, 10, 5])).toBe(
      [
        'optimizer  steps   time  train loss  test loss  to 20.00  to 10.00  to 5.000',
        '---------  -----  -----  ----------  ---------  --------  --------  --------',
        'hf             2   2.5s       9.500      10.25      2.5s      2.5s         -',
        'adam           2  60.0s       15.00          -     60.0s         -         -',
        '"time": training time, the clock stopped while losses are measured',
        'losses of the final parameters over the whole sets; the lines above measure subsets',
        '"to L": training time until the loss on the training subset first reached L',
        '',
      ].join('\n'),
    );
  });

  it('has a column of the task\'s score, and says which examples each number measures', () => {
    const run = (optimizer: 'hf' | 'adam', score: number) =>
      runMetrics(optimizer, 'spirals', [{ step: 0, timeMs: 0, trainLoss: 0.7 }, { step: 9, timeMs: 900, trainLoss: 0.3 }], { trainLoss: 0.31, testLoss: 0.33, testScore: score }, []);
    const table = formatSummaryTable([run('hf', 0.0125), run('adam', 0.25)], [], { score: 'error rate', train: 1000, test: 500, evaluationExamples: 1000 });
    expect(table).toBe(
      [
        'optimizer  steps  time  train loss  test loss  test error',
        '---------  -----  ----  ----------  ---------  ----------',
        'hf             9  0.9s      0.3100     0.3300       1.25%',
        'adam           9  0.9s      0.3100     0.3300      25.00%',
        '"time": training time, the clock stopped while losses are measured',
        'losses and error rate of the final parameters over the whole sets (1000 training, 500 test examples); the lines above measure the first 1000 examples of each set',
        '',
      ].join('\n'),
    );
  });
});
