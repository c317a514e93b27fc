// The one sentence at the top of the command line's output, of report.html
// and of the page: what a run of this task demonstrates, from measured runs,
// so that nobody reads more (or less) into the curves than they show.
import { TASK_SPECS, type TaskName } from '../tasks.js';

/** The sequence length the sequence tasks' claims were measured at (their default). */
const MEASURED_LENGTH = 30;

/**
 * Per task, what its default run shows. Measured on the shared 2-core machine
 * of this repository (65 s of training per optimizer unless said otherwise;
 * see the README and apps/demo/bench for the runs behind each claim).
 */
const CLAIMS: Partial<Readonly<Record<TaskName, string>>> = {
  autoencoder:
    'This run shows Adam ahead of HF on the MNIST autoencoder within about a minute of training each: ' +
    'HF is for long runs and pathological curvature (Martens trained this net for hours), and of this demo\'s tasks ' +
    'only the small two-spirals problem has been measured with HF ahead within 3 minutes on 2 cores, on training loss (--task spirals).',
  classifier:
    'This run shows Adam ahead of HF on a shallow MNIST classifier (in the default run measured here, test error ' +
    '6.4% against 7.0% after a minute each): a baseline, not a problem HF is for.',
  'rnn-addition':
    'This run shows HF (with structural damping) and Adam on the addition problem at T = 30 for about a minute each, ' +
    'which is short: in the default run measured here (2 busy cores) neither had left the plateau of predicting the ' +
    'mean (mean absolute error 0.33; success is below 0.04), and HF\'s long-range results need longer runs (apps/demo/bench).',
  spirals:
    'This run shows HF fitting the two spirals sooner than Adam and in far fewer steps (training loss 0.02 in 3.5 s ' +
    'against 10 s, 32 steps against 2,359, in the default run measured here), and then overfitting: Adam ends with the lower test loss.',
};

/** One sentence: what a run of `task` demonstrates (a sequence task at its default length unless `length` says otherwise). */
export function whatTheRunShows(task: TaskName, options: { readonly length?: number | undefined } = {}): string {
  const length = options.length ?? MEASURED_LENGTH;
  if (task.startsWith('rnn-') && length !== MEASURED_LENGTH) {
    return (
      `This run compares HF (with structural damping) and Adam on the ${task.slice(4)} problem at T = ${length}, ` +
      'for the same training time each; the measured times to success per method and T are in apps/demo/bench.'
    );
  }
  return CLAIMS[task] ?? `This run compares HF and Adam on ${TASK_SPECS[task].summary}, for the same training time each.`;
}
