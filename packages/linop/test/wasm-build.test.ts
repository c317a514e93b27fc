import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { buildWasm, compileWasm, generatedModule, linopWasm } from '../scripts/build-wasm.mjs';

/**
 * The committed src/wasm/kernels.generated.ts is what AssemblyScript makes of
 * assembly/kernels.ts now: a change to the kernels' source without
 * `pnpm build` (which regenerates it) fails here.
 */
it('src/wasm/kernels.generated.ts is the compiled assembly/kernels.ts', { timeout: 60_000 }, async () => {
  void buildWasm;
  const bytes: Uint8Array = await compileWasm(join(linopWasm.packageDir, linopWasm.source));
  const committed = readFileSync(join(linopWasm.packageDir, linopWasm.output), 'utf8');
  expect(committed === generatedModule(bytes, linopWasm), 'run `pnpm build` in packages/linop and commit the generated module').toBe(true);
  // It imports only the memory and uses no start function: nothing runs at instantiation.
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
});
