import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, DEFAULT_SEED, helpText, parseArgs, UsageError } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';
import { TASK_SPECS } from '../src/tasks.js';
import { memoryStream, quadraticTrainer, tempDir } from './helpers.js';

function options(argv: string[]) {
  const parsed = parseArgs(argv);
  if (parsed.help) throw new Error('unexpected help');
  return parsed.options;
}

describe('parseArgs', () => {
  it('defaults to the autoencoder with both optimizers and its budget and sizes', () => {
    expect(options([])).toEqual({
      task: 'autoencoder',
      optimizers: ['hf', 'adam'],
      budgetSeconds: TASK_SPECS.autoencoder.budgetSeconds,
      seed: DEFAULT_SEED,
      out: DEFAULT_OUT,
      train: 8000,
      test: 2000,
      saveParameters: false,
    });
  });

  it('keeps the default run of every task (both optimizers) under 3 minutes with room for setup', () => {
    for (const spec of Object.values(TASK_SPECS)) expect(2 * spec.budgetSeconds).toBeLessThanOrEqual(160);
  });

  it('takes every flag, as "--flag value" and "--flag=value", and per-task defaults', () => {
    const o = options(['--task', 'rnn-addition', '--optimizers=adam,hf', '--budget', '2.5', '--seed=42', '--out', 'x/y', '--train', '300']);
    expect(o).toEqual({ task: 'rnn-addition', optimizers: ['adam', 'hf'], budgetSeconds: 2.5, seed: 42, out: 'x/y', train: 300, test: TASK_SPECS['rnn-addition'].test, saveParameters: false });
    expect(options(['--save-parameters', '--seed', '3'])).toMatchObject({ saveParameters: true, seed: 3 });
    expect(options(['--optimizers', 'adam']).optimizers).toEqual(['adam']);
    expect(options(['--task', 'classifier']).budgetSeconds).toBe(TASK_SPECS.classifier.budgetSeconds);
    expect(options(['--', '--seed', '0']).seed).toBe(0); // a "--" passed through by a package runner is ignored
    expect(options(['--seed', '4294967295']).seed).toBe(4294967295);
    expect(options(['--train', '9000', '--test', '1000']).train).toBe(9000);
    expect(options(['--budget', '604800']).budgetSeconds).toBe(604800); // a week, the most
    expect(options(['--budget', '.5']).budgetSeconds).toBe(0.5);
    expect(options(['--budget', '007']).budgetSeconds).toBe(7);
    expect(options(['--seed', '007']).seed).toBe(7);
    // The spirals are generated, so more of them than there are MNIST digits is fine.
    expect(options(['--task', 'spirals', '--train', '20000'])).toMatchObject({ task: 'spirals', train: 20000 });
  });

  it('takes --length T and --cell for the sequence tasks (default: T and the cell left to the task)', () => {
    expect(options(['--task', 'rnn-addition'])).toMatchObject({ task: 'rnn-addition', length: undefined, cell: undefined });
    expect(options(['--task', 'rnn-addition', '--length', '100'])).toMatchObject({ length: 100 });
    expect(options(['--task', 'rnn-addition', '--length=200', '--cell', 'lstm'])).toMatchObject({ length: 200, cell: 'lstm' });
    expect(options(['--task', 'rnn-xor', '--length', '10']).length).toBe(10);
    expect(options(['--task', 'rnn-memorization', '--length', '12']).length).toBe(12);
    expect(options(['--task', 'rnn-multiplication', '--length', '1000']).length).toBe(1000);
    expect(options(['--task', 'rnn-addition', '--length', '0100']).length).toBe(100);
    expect(options(['--task', 'rnn-addition', '--cell', 'tanh']).cell).toBe('tanh');
    expect(helpText()).toContain('--length T');
    expect(helpText()).toContain('--cell NAME');
  });

  it('answers --help and -h wherever they are', () => {
    expect(parseArgs(['--task', 'nope', '--help'])).toEqual({ help: true });
    expect(parseArgs(['-h'])).toEqual({ help: true });
  });

  it('documents every flag and task in --help', () => {
    const help = helpText();
    for (const flag of ['--task', '--optimizers', '--budget', '--seed', '--out', '--train', '--test', '--save-parameters', '--help']) expect(help).toContain(flag);
    expect(help).toContain('130 interrupted');
    for (const task of Object.keys(TASK_SPECS)) expect(help).toContain(task);
  });
});

// Every bad input: the message, and through runCli exit code 2, one line on
// stderr, nothing trained and no output folder touched.
const BAD: [string[], string][] = [
  [['--task', 'foo'], 'unknown task "foo" (expected autoencoder, classifier, rnn-addition, rnn-multiplication, rnn-xor, rnn-memorization or spirals)'],
  [['--task'], '--task needs a value (see --help)'],
  [['--task', '--seed', '1'], '--task needs a value (see --help)'],
  [['--optimizers', 'hf,sgd'], 'unknown optimizer "sgd" in --optimizers (expected a comma-separated list of hf or adam)'],
  [['--optimizers', ''], 'unknown optimizer "" in --optimizers (expected a comma-separated list of hf or adam)'],
  [['--optimizers', 'hf,hf'], 'optimizer "hf" listed twice in --optimizers'],
  [['--budget', '-5'], '--budget must be a positive number of seconds, got "-5"'],
  [['--budget', '0'], '--budget must be a positive number of seconds, got "0"'],
  [['--budget=abc'], '--budget must be a positive number of seconds, got "abc"'],
  [['--budget', 'Infinity'], '--budget must be a positive number of seconds, got "Infinity"'],
  [['--budget='], '--budget must be a positive number of seconds, got ""'],
  // Only plain decimal numbers a person would type, up to a week.
  [['--budget', '1e300'], '--budget must be a plain decimal number of seconds (like 30 or 2.5), got "1e300"'],
  [['--budget', '0x10'], '--budget must be a plain decimal number of seconds (like 30 or 2.5), got "0x10"'],
  [['--budget', '1e1'], '--budget must be a plain decimal number of seconds (like 30 or 2.5), got "1e1"'],
  [['--budget', ' 16'], '--budget must be a plain decimal number of seconds (like 30 or 2.5), got " 16"'],
  [['--budget', '+16'], '--budget must be a plain decimal number of seconds (like 30 or 2.5), got "+16"'],
  [['--budget', '0b11'], '--budget must be a plain decimal number of seconds (like 30 or 2.5), got "0b11"'],
  [['--budget', '604800.5'], '--budget must be at most 604800 seconds (a week), got "604800.5"'],
  [['--budget', '99999999999999999999'], '--budget must be at most 604800 seconds (a week), got "99999999999999999999"'],
  [['--seed', '-1'], '--seed must be an integer from 0 to 4294967295, got "-1"'],
  [['--seed', '1.5'], '--seed must be an integer from 0 to 4294967295, got "1.5"'],
  [['--seed', '4294967296'], '--seed must be an integer from 0 to 4294967295, got "4294967296"'],
  [['--seed', '1099511627776'], '--seed must be an integer from 0 to 4294967295, got "1099511627776"'],
  [['--seed', '0x10'], '--seed must be an integer from 0 to 4294967295, got "0x10"'],
  [['--seed', '1e3'], '--seed must be an integer from 0 to 4294967295, got "1e3"'],
  [['--seed', ' 7'], '--seed must be an integer from 0 to 4294967295, got " 7"'],
  [['--seed', '+7'], '--seed must be an integer from 0 to 4294967295, got "+7"'],
  [['--out='], '--out must name a folder, got an empty string'],
  [['--train', '0'], '--train must be a positive integer, got "0"'],
  [['--test', '1e3'], '--test must be a positive integer, got "1e3"'],
  [['--train', '0x10'], '--train must be a positive integer, got "0x10"'],
  [['--train', '100.0'], '--train must be a positive integer, got "100.0"'],
  [['--test', '+5'], '--test must be a positive integer, got "+5"'],
  [['--test', ' 5'], '--test must be a positive integer, got " 5"'],
  [['--task', 'classifier', '--train', '99999999999999999999'], '--train 100000000000000000000 plus --test 2000 is more than the 10000 digits in the mnist package'],
  [['--train', '9000'], '--train 9000 plus --test 2000 is more than the 10000 digits in the mnist package'],
  [['--task', 'rnn-addition', '--test', '2000000'], '--test must be at most 1000000 sequences, got 2000000'],
  // The spirals are generated: their limit is their own, not the MNIST digits'.
  [['--task', 'spirals', '--train', '2000000'], '--train must be at most 1000000 points, got 2000000'],
  [['--task', 'spirals', '--test', '1000001'], '--test must be at most 1000000 points, got 1000001'],
  [['--seed', '1', '--seed', '2'], '--seed given more than once'],
  [['--save-parameters', '--save-parameters'], '--save-parameters given more than once'],
  [['--save-parameters=1'], '--save-parameters takes no value, got "1"'],
  [['--verbose'], 'unknown option "--verbose" (see --help)'],
  [['-v'], 'unexpected argument "-v" (see --help)'],
  [['autoencoder'], 'unexpected argument "autoencoder" (see --help)'],
  // --length: a plain integer T within the task's bounds, sequence tasks only.
  [['--task', 'rnn-addition', '--length', '9'], '--length must be an integer from 10 to 1000 for rnn-addition, got "9"'],
  [['--task', 'rnn-addition', '--length', '1001'], '--length must be an integer from 10 to 1000 for rnn-addition, got "1001"'],
  [['--task', 'rnn-addition', '--length', '100.5'], '--length must be an integer from 10 to 1000 for rnn-addition, got "100.5"'],
  [['--task', 'rnn-addition', '--length', '1e2'], '--length must be an integer from 10 to 1000 for rnn-addition, got "1e2"'],
  [['--task', 'rnn-addition', '--length', '0x64'], '--length must be an integer from 10 to 1000 for rnn-addition, got "0x64"'],
  [['--task', 'rnn-addition', '--length', '-100'], '--length must be an integer from 10 to 1000 for rnn-addition, got "-100"'],
  [['--task', 'rnn-addition', '--length=-100'], '--length must be an integer from 10 to 1000 for rnn-addition, got "-100"'],
  [['--task', 'rnn-addition', '--length', ' 100'], '--length must be an integer from 10 to 1000 for rnn-addition, got " 100"'],
  [['--task', 'rnn-addition', '--length='], '--length must be an integer from 10 to 1000 for rnn-addition, got ""'],
  [['--task', 'rnn-addition', '--length'], '--length needs a value (see --help)'],
  [['--task', 'rnn-memorization', '--length', '11'], '--length must be an integer from 12 to 1000 for rnn-memorization, got "11"'],
  [['--task', 'rnn-addition', '--length', '100', '--length', '200'], '--length given more than once'],
  [['--length', '100'], '--length applies to the sequence tasks (rnn-addition, rnn-multiplication, rnn-xor or rnn-memorization), not to autoencoder'],
  [['--task', 'spirals', '--length', '100'], '--length applies to the sequence tasks (rnn-addition, rnn-multiplication, rnn-xor or rnn-memorization), not to spirals'],
  [['--task', 'rnn-addition', '--length', '1000', '--train', '100000'], '--train 100000 plus --test 1000 sequences of up to 1100 steps would take 1272 MB, more than 512 MB'],
  [['--task', 'rnn-xor', '--cell', 'gru'], 'unknown cell "gru" (expected tanh or lstm)'],
  [['--cell', 'lstm'], '--cell applies to the sequence tasks (rnn-addition, rnn-multiplication, rnn-xor or rnn-memorization), not to autoencoder'],
];

describe('bad input', () => {
  it.each(BAD)('%j -> UsageError', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });

  it.each(BAD)('%j -> exit 2, one line, before training', async (argv, message) => {
    const cwd = tempDir();
    const trainer = quadraticTrainer();
    const stdout = memoryStream();
    const stderr = memoryStream();
    const code = await runCli(argv, { trainers: { hf: trainer, adam: trainer }, stdout, stderr, cwd });
    expect(code).toBe(2);
    expect(stderr.text()).toBe(`demo: error: ${message}\n`);
    expect(stdout.text()).toBe('');
    expect(trainer.calls).toBe(0);
    expect(existsSync(join(cwd, DEFAULT_OUT))).toBe(false);
  });

  it('rejects an output folder whose parent is a regular file (exit 2, before training)', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'a-file'), 'x');
    const trainer = quadraticTrainer();
    const stderr = memoryStream();
    const out = join(cwd, 'a-file', 'out');
    const code = await runCli(['--out', out], { trainers: { hf: trainer, adam: trainer }, stdout: memoryStream(), stderr, cwd });
    expect(code).toBe(2);
    expect(stderr.text()).toBe(`demo: error: cannot write to output folder "${out}" (ENOTDIR: a parent is not a folder)\n`);
    expect(trainer.calls).toBe(0);
  });

  // fs.promises.mkdir(dir, { recursive: true }) never settles on Node 20 for
  // such procfs paths (libuv retries forever on ENOENT): exit 2 within a second.
  it.each(['/proc/x', '/proc/1/x', '/proc/x/y/z', '/sys/x', '/sys/kernel/x'])(
    'rejects --out %s on a pseudo file system within a second (exit 2, one line)',
    async (out) => {
      const trainer = quadraticTrainer();
      const stdout = memoryStream();
      const stderr = memoryStream();
      const started = performance.now();
      const hung = new Promise<string>((resolve) => setTimeout(() => resolve('no answer within 1 s'), 1000).unref());
      const code = await Promise.race([runCli(['--out', out], { trainers: { hf: trainer, adam: trainer }, stdout, stderr, cwd: tempDir() }), hung]);
      expect(code).toBe(2);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(stderr.text()).toMatch(new RegExp(`^demo: error: cannot write to output folder "${out}" \\([^\n]+\\)\n$`));
      expect(stdout.text()).toBe('');
      expect(trainer.calls).toBe(0);
    },
  );

  it('rejects an output folder that is an existing file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'taken'), 'x');
    const stderr = memoryStream();
    const code = await runCli(['--out', 'taken'], { trainers: {}, stdout: memoryStream(), stderr, cwd });
    expect(code).toBe(2);
    expect(stderr.text()).toMatch(/^demo: error: cannot write to output folder ".*taken" \(E[A-Z]+: [^\n]*\)\n$/);
  });
});
