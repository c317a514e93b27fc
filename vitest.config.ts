import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import the workspace packages by name; resolve those names to their
// TypeScript sources so a test run needs no build and always sees the code as
// it is. (The packed, built packages are tested by scripts/pack-smoke.mjs.)
const workspaceSources = {
  find: /^@hessian-free\/(linop|krylov|damping|curvature|parallel|hf)$/,
  replacement: `${root}packages/$1/src/index.ts`,
};

/** One vitest project per package; `overrides` holds a package's own settings. */
function project(dir: string, overrides: Record<string, unknown> = {}) {
  return {
    extends: true as const,
    test: { name: dir, root: `${root}${dir}`, include: ['test/**/*.test.ts'], ...overrides },
  };
}

export default defineConfig({
  resolve: { alias: [workspaceSources] },
  test: {
    projects: [
      project('packages/linop'),
      project('packages/krylov'),
      project('packages/damping'),
      project('packages/curvature', { testTimeout: 60_000, hookTimeout: 60_000 }),
      project('packages/parallel', { testTimeout: 120_000, hookTimeout: 60_000 }),
      project('packages/hf', { testTimeout: 120_000, hookTimeout: 60_000 }),
      project('apps/demo', { testTimeout: 300_000, hookTimeout: 300_000 }),
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
