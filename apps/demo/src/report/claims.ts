// The one sentence at the top of the command line's output, of report.html
// and of the page: what a run of this task demonstrates, from measured runs,
// so that nobody reads more (or less) into the curves than they show.
import { TASK_SPECS, type TaskName } from '../tasks.js';

/**
 * Per task, what its default run shows. Measured on the shared 2-core machine
 * of this repository (65 s of training per optimizer unless said otherwise;
 * see the README and apps/demo/bench for the runs behind each claim).
 */
const CLAIMS: Partial<Readonly<Record<TaskName, string>>> = {
  autoencoder:
    'This run shows Adam ahead of HF on the MNIST autoencoder within about a minute of training each: ' +
    'HF is for long runs and pathological curvature (Martens trained this net for hours), and no task of this demo ' +
    'has yet shown HF ahead within 3 minutes on 2 cores.',
  classifier:
    'This run shows a shallow classifier that Adam trains quickly: a baseline on which HF is not expected to win.',
  'rnn-addition':
    'This run shows both HF (with structural damping) and Adam learning the addition problem at T = 30, where ' +
    'long-range dependencies are still short; HF pulls ahead only at longer T (solved at T = 50 in 109 s, where Adam was not).',
  spirals:
    'This run shows HF far ahead per step on a small, hard-to-fit problem; per second of training the two are closer.',
};

/** One sentence: what a run of `task` demonstrates. */
export function whatTheRunShows(task: TaskName): string {
  return CLAIMS[task] ?? `This run compares HF and Adam on ${TASK_SPECS[task].summary}, for the same training time each.`;
}
