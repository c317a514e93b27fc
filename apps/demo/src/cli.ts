#!/usr/bin/env node
// The demo's entry point: `node apps/demo/dist/cli.js [options]`.
import { runCli } from './cli/run.js';
import type { Trainer } from './train.js';
import type { OptimizerName } from './tasks.js';

// The HF and Adam trainers are registered here once @hessian-free/hf lands;
// until then a run that gets past validation says that no trainer is wired.
const trainers: Partial<Record<OptimizerName, Trainer>> = {};

process.exitCode = await runCli(process.argv.slice(2), { trainers, stdout: process.stdout, stderr: process.stderr });
