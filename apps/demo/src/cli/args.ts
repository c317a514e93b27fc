// The command line's flags: parsing, defaults, validation and --help. Every
// mistake is a UsageError with a one-line message, raised before any work.
import { MNIST_COUNT } from '../data/mnist-shape.js';
import { DEFAULT_SEQUENCE_LENGTH, isSequenceTask, SEQUENCE_TASKS } from '../data/sequences/index.js';
import { MAX_SEQUENCE_LENGTH, maxSteps } from '../data/sequences/layout.js';
import { EVALUATION_SHARE } from '../trainers/evaluation-schedule.js';
import { OPTIMIZERS, TASKS, TASK_SPECS, type OptimizerName, type TaskName } from '../tasks.js';
import { CELLS, type CellName } from '../trainers/recurrent.js';

/** Bad input from the user: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command line's settings, validated, with defaults filled in. */
export interface CliOptions {
  readonly task: TaskName;
  /** In the order given; each at most once. */
  readonly optimizers: readonly OptimizerName[];
  /** Budget of training time per optimizer, in seconds (the clock stops while losses are measured). */
  readonly budgetSeconds: number;
  readonly seed: number;
  /** The output folder as given (relative to the working directory). */
  readonly out: string;
  readonly train: number;
  readonly test: number;
  /** Write each run's final parameters to parameters-<optimizer>.bin in the output folder. */
  readonly saveParameters: boolean;
  /** Worker threads per optimizer (both get the same); undefined: every core. */
  readonly workers: number | undefined;
  /** Sequence tasks: T, the shortest sequence (sequences have T to 1.1 T steps); undefined: DEFAULT_SEQUENCE_LENGTH. */
  readonly length: number | undefined;
  /** Sequence tasks: the recurrent cell; undefined: 'tanh'. */
  readonly cell: CellName | undefined;
}

/** What the flags asked for: the help text, or a run with these options. */
export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: CliOptions };

/** The seed of data, split and initialization when --seed is not given. */
export const DEFAULT_SEED = 1;
/** The output folder when --out is not given. */
export const DEFAULT_OUT = 'demo-output';
/** Cap on generated examples (addition sequences, spiral points), against accidental huge allocations. */
const MAX_GENERATED = 1_000_000;
/** The longest --budget a person would type: a week, in seconds. */
export const MAX_BUDGET_SECONDS = 604_800;
/** A plain decimal number: digits with an optional fraction ("30", "2.5", ".5"); no sign, exponent, radix prefix or spaces. */
const PLAIN_DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
/** The most floats the generated sequences may take (train and test together): 2^27, 512 MB. */
const MAX_SEQUENCE_FLOATS = 2 ** 27;
/** A plain decimal integer: digits only. */
const PLAIN_INTEGER = /^\d+$/;

const FLAGS = ['task', 'optimizers', 'budget', 'seed', 'out', 'train', 'test', 'workers', 'length', 'cell'] as const;
/** The most --workers a person would ask for. */
const MAX_WORKERS = 256;
type Flag = (typeof FLAGS)[number];
/** Flags that take no value: given or not. */
const SWITCHES = ['save-parameters'] as const;
type Switch = (typeof SWITCHES)[number];

/** Parse `argv` (without node and the script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const raw = collect(argv);
  const task = parseTask(raw.task);
  const spec = TASK_SPECS[task];
  const options: CliOptions = {
    task,
    optimizers: raw.optimizers === undefined ? [...OPTIMIZERS] : parseOptimizers(raw.optimizers),
    budgetSeconds: raw.budget === undefined ? spec.budgetSeconds : parseBudget(raw.budget),
    seed: raw.seed === undefined ? DEFAULT_SEED : parseSeed(raw.seed),
    out: raw.out === undefined ? DEFAULT_OUT : parseOut(raw.out),
    train: raw.train === undefined ? spec.train : parseCount('train', raw.train),
    test: raw.test === undefined ? spec.test : parseCount('test', raw.test),
    workers: raw.workers === undefined ? undefined : parseWorkers(raw.workers),
    saveParameters: raw['save-parameters'] === true,
    length: raw.length === undefined ? undefined : parseLength(task, raw.length),
    cell: raw.cell === undefined ? undefined : parseCell(task, raw.cell),
  };
  checkSizes(options);
  return { help: false, options };
}

/** Flag values as strings, switches as true; accepts `--flag value` and `--flag=value`. */
function collect(argv: readonly string[]): Partial<Record<Flag, string> & Record<Switch, true>> {
  const raw: Partial<Record<Flag, string> & Record<Switch, true>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue; // package runners may pass it through; we take no positional arguments
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (see --help)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if ((SWITCHES as readonly string[]).includes(name)) {
      const flag = name as Switch;
      if (eq !== -1) throw new UsageError(`--${flag} takes no value, got "${arg.slice(eq + 1)}"`);
      if (raw[flag]) throw new UsageError(`--${flag} given more than once`);
      raw[flag] = true;
      continue;
    }
    if (!(FLAGS as readonly string[]).includes(name)) throw new UsageError(`unknown option "--${name}" (see --help)`);
    const flag = name as Flag;
    if (raw[flag] !== undefined) throw new UsageError(`--${flag} given more than once`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value (see --help)`);
    raw[flag] = value;
  }
  return raw;
}

function parseTask(value: string | undefined): TaskName {
  if (value === undefined) return 'autoencoder';
  if ((TASKS as readonly string[]).includes(value)) return value as TaskName;
  throw new UsageError(`unknown task "${value}" (expected ${orList(TASKS)})`);
}

function parseOptimizers(value: string): OptimizerName[] {
  const names = value.split(',').map((s) => s.trim());
  const result: OptimizerName[] = [];
  for (const name of names) {
    if (!(OPTIMIZERS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown optimizer "${name}" in --optimizers (expected a comma-separated list of ${orList(OPTIMIZERS)})`);
    }
    if (result.includes(name as OptimizerName)) throw new UsageError(`optimizer "${name}" listed twice in --optimizers`);
    result.push(name as OptimizerName);
  }
  return result;
}

function parseBudget(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--budget must be a positive number of seconds, got "${value}"`);
  }
  // Number() also reads "1e300", "0x10", " 16" and "+16": only plain decimals are taken.
  if (!PLAIN_DECIMAL.test(value)) {
    throw new UsageError(`--budget must be a plain decimal number of seconds (like 30 or 2.5), got "${value}"`);
  }
  if (seconds > MAX_BUDGET_SECONDS) {
    throw new UsageError(`--budget must be at most ${MAX_BUDGET_SECONDS} seconds (a week), got "${value}"`);
  }
  return seconds;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!PLAIN_INTEGER.test(value) || seed > 0xffffffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295, got "${value}"`);
  }
  return seed;
}

function parseOut(value: string): string {
  if (value.trim() === '') throw new UsageError('--out must name a folder, got an empty string');
  return value;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!PLAIN_INTEGER.test(value) || n < 1 || n > MAX_WORKERS) {
    throw new UsageError(`--workers must be an integer from 1 to ${MAX_WORKERS}, got "${value}"`);
  }
  return n;
}

/** --length: a plain integer T within the task's bounds; the sequence tasks only. */
function parseLength(task: TaskName, value: string): number {
  if (!isSequenceTask(task)) throw new UsageError(`--length applies to the sequence tasks (${orList(Object.keys(SEQUENCE_TASKS))}), not to ${task}`);
  const min = SEQUENCE_TASKS[task].minLength;
  const n = Number(value);
  if (!PLAIN_INTEGER.test(value) || n < min || n > MAX_SEQUENCE_LENGTH) {
    throw new UsageError(`--length must be an integer from ${min} to ${MAX_SEQUENCE_LENGTH} for ${task}, got "${value}"`);
  }
  return n;
}

/** --cell: tanh or lstm; the sequence tasks only. */
function parseCell(task: TaskName, value: string): CellName {
  if (!isSequenceTask(task)) throw new UsageError(`--cell applies to the sequence tasks (${orList(Object.keys(SEQUENCE_TASKS))}), not to ${task}`);
  if (!(CELLS as readonly string[]).includes(value)) throw new UsageError(`unknown cell "${value}" (expected ${orList(CELLS)})`);
  return value as CellName;
}

function parseCount(flag: 'train' | 'test', value: string): number {
  const n = Number(value);
  if (!PLAIN_INTEGER.test(value) || n < 1) throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}

/** The limit on --train and --test names the task's own data. */
function checkSizes(o: CliOptions): void {
  if (isSequenceTask(o.task) || o.task === 'spirals') {
    // Generated from the seed: any number up to a cap against huge allocations.
    const unit = o.task === 'spirals' ? 'points' : 'sequences';
    for (const flag of ['train', 'test'] as const) {
      if (o[flag] > MAX_GENERATED) throw new UsageError(`--${flag} must be at most ${MAX_GENERATED} ${unit}, got ${o[flag]}`);
    }
    if (isSequenceTask(o.task)) {
      const T = o.length ?? DEFAULT_SEQUENCE_LENGTH;
      const floats = (o.train + o.test) * maxSteps(T) * (SEQUENCE_TASKS[o.task].channels + 1);
      if (floats > MAX_SEQUENCE_FLOATS) {
        throw new UsageError(
          `--train ${o.train} plus --test ${o.test} sequences of up to ${maxSteps(T)} steps would take ${Math.ceil((4 * floats) / 2 ** 20)} MB, more than ${(4 * MAX_SEQUENCE_FLOATS) / 2 ** 20} MB`,
        );
      }
    }
  } else if (o.train + o.test > MNIST_COUNT) {
    throw new UsageError(
      `--train ${o.train} plus --test ${o.test} is more than the ${MNIST_COUNT} digits in the mnist package`,
    );
  }
}

/** "a, b or c" */
function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The smallest --length of any sequence task, for --help. */
const MARKED_PAIR_LENGTH_HINT = Math.min(...Object.values(SEQUENCE_TASKS).map((t) => t.minLength));

/** The --help text. */
export function helpText(): string {
  const tasks = TASKS.map((t) => {
    const s = TASK_SPECS[t];
    return `    ${t.padEnd(18)} ${s.summary}\n${' '.repeat(23)}defaults: --budget ${s.budgetSeconds} --train ${s.train} --test ${s.test}`;
  });
  return `Usage: demo [options]

Trains a network with Hessian-free optimization (HF) and then the same network
with Adam for the same budget of training time, shows progress, prints a
summary table and writes report.html and metrics.json to the output folder.

Options:
  --task NAME          what to train (default autoencoder):
${tasks.join('\n')}
  --optimizers LIST    which optimizers to run, comma-separated, in that order:
                       hf, adam, hf,adam or adam,hf (default hf,adam)
  --budget SECONDS     training time per optimizer, a positive decimal
                       number such as 30 or 2.5, at most ${MAX_BUDGET_SECONDS} (a week)
                       (default: per task, above, chosen so that a default
                       run fits in 3 minutes on a 2-core machine). The clock
                       stops while the losses are measured (at most ${Math.round(100 * EVALUATION_SHARE)}% more)
                       and while the workers start; the run prints its
                       estimated time in all before it trains
  --seed N             seed of the data split, initialization and minibatches,
                       an integer 0..4294967295 (default ${DEFAULT_SEED})
  --out DIR            output folder, created if missing, must be writable
                       (default ./${DEFAULT_OUT})
  --train N            training examples (default: per task, above)
  --test N             test examples (default: per task, above); the MNIST
                       tasks split the ${MNIST_COUNT} digits of the mnist package
                       at random by seed, so train + test <= ${MNIST_COUNT}; the
                       generated tasks take up to ${MAX_GENERATED} of each
  --workers N          worker threads per optimizer, each with its own
                       TensorFlow.js engine summing its share of every batch
                       (default: every core; HF and Adam get the same number,
                       one after the other, so each race is fair); 1 runs in
                       this thread
  --length T           sequence tasks: the shortest sequence, an integer from
                       ${MARKED_PAIR_LENGTH_HINT} to ${MAX_SEQUENCE_LENGTH}; each sequence has T to 1.1 T steps
                       (default ${DEFAULT_SEQUENCE_LENGTH})
  --cell NAME          sequence tasks: the recurrent network, tanh (the RNN of
                       Martens & Sutskever 2011, default) or lstm
  --save-parameters    also write each optimizer's final parameters to
                       parameters-<optimizer>.bin in the output folder:
                       a uint32 little-endian header length H, H bytes of
                       JSON header (task, optimizer, seed, count, shapes,
                       interrupted, createdAt), then count float32 values,
                       little-endian
  -h, --help           show this help

Flags take a value as "--flag value" or "--flag=value". Numbers are plain
decimals: no sign, exponent, hexadecimal or spaces.

metrics.json holds the metrics only (steps, losses, times); report.html and
metrics.json (and the parameter files) are written whole or not at all.

Ctrl-C (SIGINT) during training stops at a step, writes the report of what was
done, marked as interrupted, and exits with 130; a second Ctrl-C quits at once.

Exit codes: 0 done, 1 failure during the run, 2 bad input (nothing trained),
130 interrupted.
`;
}
