#!/usr/bin/env node
// The demo's entry point: `node apps/demo/dist/cli.js [options]`.
//
// TensorFlow.js and the trainers are imported only after the flags and the
// output folder are checked, so that bad input is answered at once.
//
// Ctrl-C (SIGINT): the first one stops training at a step and lets the
// command line write the report of what was done (exit code 130); a second
// one quits at once (the files are written synchronously, so it never lands
// in the middle of a write: see report/atomic-write.ts). SIGTERM is handled
// the same way (exit code 143).
import { createRequire } from 'node:module';
import { runCli, type PreparedBackend } from './cli/run.js';

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

const interrupt = new AbortController();
let signalled: keyof typeof SIGNAL_EXIT_CODES | undefined;
for (const name of Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]) {
  process.on(name, () => {
    if (signalled === undefined) {
      signalled = name;
      process.stderr.write(
        `\ndemo: interrupted (${name}): stopping at the end of this step, then writing the report of what was done; press Ctrl-C again to quit at once\n`,
      );
      interrupt.abort();
      return;
    }
    process.stderr.write('demo: quit at once; nothing more written\n');
    process.exit(SIGNAL_EXIT_CODES[name]);
  });
}

async function prepare(): Promise<PreparedBackend> {
  const [tf, { useWasmBackend }] = await Promise.all([import('@tensorflow/tfjs-core'), import('@hessian-free/hf')]);
  await useWasmBackend();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const backend = `${tf.getBackend()} (${simd ? 'SIMD, ' : ''}one thread per engine: this thread and each worker)`;
  const hf = (createRequire(import.meta.url)('@hessian-free/hf/package.json') as { version: string }).version;
  return {
    line: `backend: ${tf.getBackend()} (TensorFlow.js ${tf.version_core}, one thread in Node)`,
    backend,
    versions: { 'TensorFlow.js': tf.version_core, '@hessian-free/hf': hf },
  };
}

const code = await runCli(process.argv.slice(2), {
  trainers: async () => (await import('./trainers/index.js')).trainers,
  prepare,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interrupt.signal,
});
// An interrupted run reports with the signal's code (runCli says 130 for any interrupt).
const exitCode = code === 130 && signalled !== undefined ? SIGNAL_EXIT_CODES[signalled] : code;
// Exit explicitly: a file-system call that never answered (see cli/output-dir.ts) must not hold the process.
process.exit(exitCode);
