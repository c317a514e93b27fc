// Sequence data from a seed: the project's seeded generator (seededRng, which
// loads with @hessian-free/hf) feeding a task's generator.
import { seededRng } from '@hessian-free/hf';
import { checkSeed } from '../../checks.js';
import { ADDITION } from './addition.js';
import { generateSequences, type SequenceData } from './layout.js';
import type { SequenceTask } from './task.js';

/**
 * `count` sequences of `task` with minimal length `length` (T), reproducible
 * from `seed`; `name` names the caller in error messages.
 */
export function sequenceProblem(task: SequenceTask, count: number, length: number, seed: number, name = 'sequenceProblem'): SequenceData {
  checkSeed(`${name}: seed`, seed);
  return generateSequences(name, task, count, length, seededRng(seed));
}

/** `count` addition sequences of T = `length` to 1.1 T steps, reproducible from `seed`. */
export function additionProblem(count: number, length: number, seed: number): SequenceData {
  return sequenceProblem(ADDITION, count, length, seed, 'additionProblem');
}
