#!/usr/bin/env node
// The demo's entry point: `node apps/demo/dist/cli.js [options]`.
import * as tf from '@tensorflow/tfjs-core';
import { useWasmBackend } from '@hessian-free/hf';
import { runCli } from './cli/run.js';
import { trainers } from './trainers/index.js';

async function prepare(): Promise<string> {
  await useWasmBackend();
  return `backend: ${tf.getBackend()} (TensorFlow.js ${tf.version_core}, one thread in Node)`;
}

process.exitCode = await runCli(process.argv.slice(2), { trainers, prepare, stdout: process.stdout, stderr: process.stderr });
