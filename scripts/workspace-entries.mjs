// The public entry points of the published packages, read from their
// package.json "exports" maps: one per export with types, as the source file
// that builds it (./dist/x.d.ts <- src/x.ts). Shared by typedoc.config.mjs
// (what the API reference documents) and scripts/check-examples.mjs (what an
// example may import), so that a new package or export needs no edit here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @returns {{ dir: string, packageName: string, specifier: string, source: string }[]}
 *   dir: the package's folder name under packages/; specifier: what a user
 *   imports ("@hessian-free/parallel/shard-worker"); source: absolute path of
 *   the src/ file behind it. Private packages are left out.
 */
export function publicEntries() {
  const entries = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const manifestPath = join(root, 'packages', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    const exportsMap = typeof manifest.exports === 'object' && manifest.exports !== null ? manifest.exports : { '.': manifest.types };
    for (const [subpath, target] of Object.entries(exportsMap)) {
      const types = typeof target === 'string' ? target : target?.types;
      if (typeof types !== 'string' || !/^\.\/dist\/.*\.d\.ts$/.test(types)) continue; // ./package.json
      const source = join(root, 'packages', dir, types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
      if (!existsSync(source)) continue;
      entries.push({ dir, packageName: manifest.name, specifier: manifest.name + subpath.slice(1), source });
    }
  }
  return entries;
}

/** compilerOptions.paths sending every public specifier to its source file. */
export function sourcePaths(entries = publicEntries()) {
  return Object.fromEntries(entries.map((e) => [e.specifier, [e.source]]));
}
