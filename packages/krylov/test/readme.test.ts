import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The README lists every status a solver can return, with what it guarantees
 * about the returned x and the residual norms (issue: each package README
 * lists its statuses and their guarantees).
 */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const statusSource = readFileSync(new URL('../src/solver-status.ts', import.meta.url), 'utf8');
const lanczosSource = readFileSync(new URL('../src/lanczos/lanczos.ts', import.meta.url), 'utf8');

/** The members of `export type <name> = | 'a' | 'b' ...;` in a source file. */
function unionMembers(source: string, name: string): string[] {
  const body = new RegExp(`export type ${name} =([^;]*);`).exec(source)?.[1] ?? '';
  return [...body.matchAll(/'(\w+)'/g)].map((m) => m[1]);
}

/** The rows of the first markdown table after `heading`: cells by row. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(heading);
  expect(start, `README has no "${heading}"`).toBeGreaterThanOrEqual(0);
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

describe('README', () => {
  it('lists every SolverStatus with the solvers that return it and what it guarantees about x and the norms', () => {
    const statuses = unionMembers(statusSource, 'SolverStatus');
    expect(statuses).toContain('attainable_accuracy');
    const rows = tableAfter('## Statuses');
    expect(rows.map((r) => r[0])).toEqual(statuses.map((s) => `\`${s}\``));
    for (const [status, solvers, when, x, norms] of rows) {
      expect(solvers, status).toMatch(/cg|minres/);
      for (const cell of [when, x, norms]) expect(cell?.length ?? 0, status).toBeGreaterThan(10);
    }
  });

  it('lists every LanczosStatus', () => {
    for (const status of unionMembers(lanczosSource, 'LanczosStatus')) expect(readme).toContain(`\`${status}\``);
  });
});
