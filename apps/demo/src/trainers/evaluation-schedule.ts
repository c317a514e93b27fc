// When the training loop measures the task's metric. Evaluation runs with the
// clock stopped (both optimizers are charged for training only), so it must
// not grow without bound outside the clock: it is held to a fixed share of
// the training time. A run of budget B then takes at most about
// B (1 + EVALUATION_SHARE) plus three evaluations (the starting point, the
// first step and the end), whatever the machine and whichever optimizer
// (see cli/time-plan.ts).

/**
 * Examples of the training and test sets on which each step record's losses
 * are measured: the first ones of each set, the same for every record and
 * every optimizer. (The final losses, in the summary table, are over the
 * whole sets.)
 */
export const EVALUATION_EXAMPLES = 1000;
/** Evaluation may take at most this share of the training time so far (0.1: 6.5 s of a 65 s run). */
export const EVALUATION_SHARE = 0.1;
/** And it happens at most this many times per budget (besides step 0, step 1 and the last step). */
export const EVALUATIONS_PER_BUDGET = 150;

/**
 * The evaluation schedule of one run. The loop evaluates at step 0, after
 * step 1 and after the last step regardless (`book` them), and after any
 * other step only when `due`: the training time has reached the next tick
 * (budget / EVALUATIONS_PER_BUDGET after the previous evaluation) and the
 * time spent evaluating so far is within `share` of the training time. The
 * last evaluation made because it was due added one evaluation's time to a
 * total within the share, and only the last step's may follow it, so the
 * total stays within share x training time plus three evaluations (tested
 * with made-up durations: no timing in the test).
 */
export class EvaluationSchedule {
  private spent = 0;
  private evaluations = 0;
  private nextTick = 0;

  /** `budgetMs`: the run's training budget; `share` and `perBudget` as the constants above. */
  constructor(
    readonly budgetMs: number,
    readonly share: number = EVALUATION_SHARE,
    readonly perBudget: number = EVALUATIONS_PER_BUDGET,
  ) {
    if (!(budgetMs > 0)) throw new RangeError(`EvaluationSchedule: budgetMs must be a positive number, got ${budgetMs}`);
    if (!(share >= 0)) throw new RangeError(`EvaluationSchedule: share must be a non-negative number, got ${share}`);
    if (!(perBudget >= 1)) throw new RangeError(`EvaluationSchedule: perBudget must be at least 1, got ${perBudget}`);
  }

  /** After a step that brought the training time to `trainedMs`: evaluate now? */
  due(trainedMs: number): boolean {
    return trainedMs >= this.nextTick && this.spent <= this.share * trainedMs;
  }

  /** Records an evaluation made at training time `trainedMs` that took `tookMs` (outside the clock). */
  book(trainedMs: number, tookMs: number): void {
    this.spent += tookMs;
    this.evaluations++;
    this.nextTick = trainedMs + this.budgetMs / this.perBudget;
  }

  /** Milliseconds spent evaluating so far. */
  get spentMs(): number {
    return this.spent;
  }

  /** Evaluations booked so far. */
  get count(): number {
    return this.evaluations;
  }
}
