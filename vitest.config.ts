import { defineConfig } from 'vitest/config';

// One run over every package: each folder under packages/ and apps/ is a
// vitest project (with its own vitest.config.ts where it needs one).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
