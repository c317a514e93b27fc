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
    'HF is for long runs and pathological curvature (Martens trained this net for hours), and no default run of ' +
    'this demo has been measured with HF ahead within 3 minutes on 2 cores.',
  classifier:
    'This run shows a shallow classifier that Adam trains quickly: a baseline on which HF is not expected to win.',
  'rnn-addition':
    'This run shows HF (with structural damping) and Adam on the addition problem at T = 30 for about a minute each, ' +
    'which is short: in the default run measured here (2 busy cores) neither had left the plateau of predicting the ' +
    'mean (mean absolute error 0.33; success is below 0.04), and HF\'s long-range results need longer runs (apps/demo/bench).',
  spirals:
    'This run shows HF far ahead per step on a small, hard-to-fit problem; per second of training the two are closer.',
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
