// The arithmetic behind "a default run ends within three minutes on a 2-core
// machine": the evaluation schedule keeps evaluation within its share of the
// training time whatever the durations (made-up ones here: no timing), and
// the estimate built on it and on measured costs fits every task's defaults.
import { seededRng } from '@hessian-free/hf';
import { describe, expect, it } from 'vitest';
import { formatDuration, planRun, taskCosts } from '../src/cli/time-plan.js';
import { OPTIMIZERS, TASK_SPECS, TASKS } from '../src/tasks.js';
import { EVALUATION_SHARE, EVALUATIONS_PER_BUDGET, EvaluationSchedule } from '../src/trainers/evaluation-schedule.js';

/** The training loop's use of the schedule (trainers/loop.ts), with step and evaluation durations drawn by `draw`. */
function simulate(budgetMs: number, stepMs: () => number, evaluationMs: () => number) {
  const schedule = new EvaluationSchedule(budgetMs);
  let trained = 0;
  let longest = 0;
  const evaluate = () => {
    const took = evaluationMs();
    longest = Math.max(longest, took);
    schedule.book(trained, took);
  };
  evaluate(); // step 0
  let steps = 0;
  let recorded = 0;
  while (trained < budgetMs) {
    trained += stepMs();
    steps++;
    if (steps === 1 || schedule.due(trained)) {
      evaluate();
      recorded = steps;
    }
  }
  if (steps > recorded) evaluate(); // the last step
  return { trained, spent: schedule.spentMs, count: schedule.count, longest, steps };
}

describe('the evaluation schedule', () => {
  const cases = [
    { name: 'Adam: steps of 3-40 ms, evaluations of 50-400 ms', step: [3, 40], evaluation: [50, 400] },
    { name: 'HF: steps of 1-7 s, evaluations of 100-400 ms', step: [1000, 7000], evaluation: [100, 400] },
    { name: 'evaluation slower than the steps', step: [5, 10], evaluation: [500, 2000] },
    { name: 'cheap evaluation', step: [10, 20], evaluation: [0.1, 1] },
  ];
  for (const c of cases) {
    it(`holds evaluation within ${EVALUATION_SHARE} of the training time plus three evaluations (${c.name})`, () => {
      for (const [seed, budgetMs] of [[1, 10_000], [2, 65_000], [3, 180_000]]) {
        const draw = seededRng(seed).uniform; // made-up durations
        const between = ([lo, hi]: number[]) => () => lo + (hi - lo) * draw();
        const run = simulate(budgetMs, between(c.step), between(c.evaluation));
        expect(run.spent).toBeLessThanOrEqual(EVALUATION_SHARE * run.trained + 3 * run.longest);
        expect(run.count).toBeLessThanOrEqual(EVALUATIONS_PER_BUDGET * (run.trained / budgetMs) + 4);
        expect(run.count).toBeGreaterThanOrEqual(3); // step 0, step 1 and the last step at least
      }
    });
  }

  it('evaluates after every step while evaluation is cheap next to the steps', () => {
    const run = simulate(60_000, () => 2000, () => 100);
    expect(run.count).toBe(run.steps + 1); // every step, and step 0
  });
});

describe('the time plan', () => {
  it('has measured costs for every task', () => {
    expect(TASKS.filter((task) => taskCosts(task) === undefined), 'tasks without measured costs (see src/cli/time-plan.ts)').toEqual([]);
  });

  for (const task of TASKS) {
    it(`a default run of ${task} (both optimizers) ends within 3 minutes on 2 cores`, () => {
      const spec = TASK_SPECS[task];
      const plan = planRun({ task, optimizers: OPTIMIZERS, budgetSeconds: spec.budgetSeconds, train: spec.train, test: spec.test });
      if (plan === undefined) return; // reported by the test above
      expect(plan.totalMs, `${task}: ${JSON.stringify(plan)}`).toBeLessThanOrEqual(180_000);
      expect(plan.trainingMs).toBeGreaterThanOrEqual(2 * spec.budgetSeconds * 1000);
    });
  }

  it('adds up its parts', () => {
    const costs = { metricMsPer1000: 100, score: true, stepMs: { hf: 2000, adam: 100 } };
    const plan = planRun({ task: 'spirals', optimizers: ['hf', 'adam'], budgetSeconds: 10, train: 4000, test: 500 }, costs)!;
    // Training: 10 s + one step past the budget, per optimizer.
    expect(plan.trainingMs).toBe(12_000 + 10_100);
    // Evaluation: 10% of it, plus 3 records per optimizer of 1,000 train + 500 test (x2 with the score) examples.
    expect(plan.evaluationMs).toBeCloseTo(0.1 * 22_100 + 2 * 3 * 200, 6);
    // Final losses: 4,000 train + 500 test x 2 examples per optimizer.
    expect(plan.finalMs).toBeCloseTo(2 * 500, 6);
    expect(plan.totalMs).toBeCloseTo(plan.trainingMs + plan.evaluationMs + plan.finalMs + plan.overheadMs, 6);
    expect(formatDuration(plan.totalMs)).toMatch(/^\d+ s$/);
    expect(formatDuration(155_400)).toBe('2 min 35 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
});
