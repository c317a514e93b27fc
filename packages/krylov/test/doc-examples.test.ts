import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as krylov from '@hessian-free/krylov';

/**
 * Every function the package exports carries a runnable `@example` in its doc
 * comment: a ```ts block that imports from '@hessian-free/krylov' (the
 * project's convention; `pnpm lint:examples` type-checks the blocks).
 */
const src = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The doc comment right before `export function name`, from any source file. */
function docCommentOf(name: string): string | null {
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export function ${name}\\b`).exec(text);
    if (match) return match[1];
  }
  return null;
}

describe('doc comments', () => {
  const functions = Object.entries(krylov)
    .filter(([, value]) => typeof value === 'function')
    .map(([name]) => name);

  it('the package exports the functions listed here', () => {
    expect(functions.sort()).toEqual(['cg', 'cgWorkspace', 'ic0', 'jacobi', 'lanczos', 'loadKernels', 'martensStop', 'minres', 'minresWorkspace']);
  });

  it.each(functions)('%s has an @example with a ts block importing from the package', (name) => {
    const doc = docCommentOf(name);
    expect(doc, `no doc comment before export function ${name}`).not.toBeNull();
    const example = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)```/.exec(doc ?? '');
    expect(example, `${name}: no @example with a \`\`\`ts block`).not.toBeNull();
    expect(example?.[1]).toContain("from '@hessian-free/krylov'");
    expect(example?.[1]).toContain(`${name}(`);
  });
});
