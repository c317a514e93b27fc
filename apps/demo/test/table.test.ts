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
        '"to L": time until the training loss first reached L',
        '',
      ].join('\n'),
    );
  });
});
