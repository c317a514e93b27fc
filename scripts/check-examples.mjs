#!/usr/bin/env node
// Type-checks the examples in the doc comments (`pnpm lint:examples`).
//
// Every ```ts fenced block after an `@example` tag in packages/*/src/**/*.ts
// is written, with the leading ` * ` of each line removed, as its own module
// into packages/<pkg>/.examples/<run>/ (git-ignored; a folder inside the
// package, so that an import of a package's dependency such as
// @tensorflow/tfjs-core resolves as it does for the package; one folder per
// run, so that two runs in one working tree do not meet). Then one tsc
// (TypeScript 7) checks them all, with tsconfig.examples.json (the build's
// settings) and every public @hessian-free/... specifier resolved to its
// source file (scripts/workspace-entries.mjs, from the exports maps). A broken example is reported at its line in the
// source file, and the command fails. An `@example` without a ```ts block
// fails too, since nothing would check it.
// The generated modules are removed afterwards; `--keep` leaves them, to be
// read or run:  node scripts/check-examples.mjs --keep
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { root, sourcePaths } from './workspace-entries.mjs';

const OUT = '.examples';
const RUN = `run-${process.pid}`;
const keep = process.argv.includes('--keep');

/**
 * The examples of one source file.
 * @param {string} text the file's contents
 * @returns {{ examples: { line: number, indent: number, code: string }[], unfenced: number[] }}
 *   each example's first code line (1-based) and the width of the stripped prefix;
 *   the lines of `@example` tags with no ```ts block
 */
export function extractExamples(text) {
  const lines = text.split(/\r?\n/);
  const examples = [];
  const unfenced = [];
  let inComment = false;
  // After an @example tag: PENDING until its ```ts block opens, then FOUND
  // (a further block before the next tag is an example too).
  const NONE = 0;
  const PENDING = 1;
  const FOUND = 2;
  let tag = NONE;
  let tagLine = -1;
  let block = null; // { start, indent, lines } while inside a fence
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!inComment) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw.replace(/^\s*\/\*\*/, ''))) inComment = true;
      continue;
    }
    const end = /\*\/\s*$/.test(raw);
    const m = /^(\s*\*(?: |$))?(.*)$/.exec(raw.replace(/\*\/\s*$/, ''));
    const prefix = m[1] ?? '';
    const body = m[2];
    if (block !== null) {
      if (/^\s*```\s*$/.test(body)) {
        examples.push({ line: block.start + 1, indent: block.indent, code: block.lines.join('\n') + '\n' });
        block = null;
      } else {
        block.lines.push(body);
      }
    } else if (/^\s*@example\b/.test(body)) {
      if (tag === PENDING) unfenced.push(tagLine + 1);
      tag = PENDING;
      tagLine = i;
    } else if (/^\s*@\w/.test(body)) {
      if (tag === PENDING) unfenced.push(tagLine + 1);
      tag = NONE;
    } else if (tag !== NONE && /^\s*```\s*(ts|typescript)\s*$/.test(body)) {
      // the first block after the tag, or a further one before the next tag
      block = { start: i + 1, indent: prefix.length, lines: [] };
      tag = FOUND;
    }
    if (end) {
      if (tag === PENDING) unfenced.push(tagLine + 1);
      if (block !== null) unfenced.push(block.start); // fence never closed
      inComment = false;
      tag = NONE;
      block = null;
    }
  }
  return { examples, unfenced };
}

function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

function main() {
  const packagesDir = join(root, 'packages');
  const packages = readdirSync(packagesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  /** example file (relative to root) -> where it came from */
  const origin = new Map();
  const problems = [];
  let count = 0;
  for (const pkg of packages) {
    const src = join(packagesDir, pkg, 'src');
    const out = join(packagesDir, pkg, OUT, RUN);
    let files;
    try {
      files = sourceFiles(src);
    } catch {
      continue; // a package without src/
    }
    for (const file of files) {
      const { examples, unfenced } = extractExamples(readFileSync(file, 'utf8'));
      const rel = relative(root, file).split(sep).join('/');
      for (const line of unfenced) {
        problems.push(`${rel}:${line}: @example without a closed \`\`\`ts block (write the example as a fenced ts block so that it is type-checked)`);
      }
      for (const ex of examples) {
        const name = `${relative(src, file).split(sep).join('__').replace(/\.ts$/, '')}.L${ex.line}.ts`;
        mkdirSync(out, { recursive: true });
        const target = join(out, name);
        writeFileSync(target, ex.code);
        origin.set(relative(root, target).split(sep).join('/'), { file: rel, line: ex.line, indent: ex.indent });
        count++;
      }
    }
  }

  let failed = problems.length > 0;
  for (const p of problems) console.error(p);

  if (count > 0) {
    // This run's files on top of the shared settings (its "files" replace the base's).
    const config = join(root, OUT, `tsconfig.${RUN}.json`);
    mkdirSync(dirname(config), { recursive: true });
    const runConfig = {
      extends: '../tsconfig.examples.json',
      compilerOptions: { paths: sourcePaths() },
      files: [...origin.keys()].map((f) => `../${f}`),
    };
    writeFileSync(config, JSON.stringify(runConfig, null, 2));
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', relative(root, config), '--pretty', 'false'],
      { cwd: root, encoding: 'utf8' },
    );
    if (tsc.error) throw tsc.error;
    const output = `${tsc.stdout}${tsc.stderr}`;
    // "path(line,col): error TSxxxx: message", continuation lines start with spaces.
    let broken = 0;
    for (const text of output.split(/\r?\n/)) {
      const d = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/.exec(text);
      if (d === null) {
        if (text.trim() !== '') console.error(text);
        continue;
      }
      const [, path, l, c, , message] = d;
      const from = origin.get(path.split(sep).join('/'));
      if (from === undefined) {
        console.error(`${path}:${l}:${c}: ${message}   (in a module an example imports)`);
      } else {
        const line = from.line + Number(l) - 1;
        const col = from.indent + Number(c);
        console.error(`${from.file}:${line}:${col}: example does not type-check: ${message}   [${path}:${l}]`);
        broken++;
      }
    }
    if (tsc.status !== 0) {
      failed = true;
      if (broken > 0) console.error(`${broken} type error(s) in the @example blocks.`);
    }
  }

  if (!keep) {
    const dirs = [...packages.map((pkg) => join(packagesDir, pkg, OUT)), join(root, OUT)];
    for (const dir of dirs) {
      rmSync(join(dir, RUN), { recursive: true, force: true });
      rmSync(join(dir, `tsconfig.${RUN}.json`), { force: true });
      try {
        rmdirSync(dir); // only if no other run is using it
      } catch {}
    }
  } else {
    console.log(`check-examples: kept packages/*/${OUT}/${RUN}/ and ${OUT}/tsconfig.${RUN}.json`);
  }
  const log = failed ? console.error : console.log;
  log(`check-examples: ${count} @example block(s) in packages/*/src${failed ? ': FAILED' : ', all type-check'}.`);
  process.exitCode = failed ? 1 : 0;
}

main();
