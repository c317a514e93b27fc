#!/usr/bin/env node
// Compiles krylov's AssemblyScript kernels (assembly/cg.ts) into
// src/wasm/cg.generated.ts, with linop's build script (same compiler, same
// flags): see packages/linop/scripts/build-wasm.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../../linop/scripts/build-wasm.mjs';

/** krylov's CG kernels. */
export const cgWasm = {
  packageDir: join(dirname(fileURLToPath(import.meta.url)), '..'),
  source: 'assembly/cg.ts',
  output: 'src/wasm/cg.generated.ts',
  exportName: 'cgWasm',
  description: "krylov's WebAssembly SIMD kernels of the CG iteration (assembly/cg.ts)",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWasm(cgWasm);
}
