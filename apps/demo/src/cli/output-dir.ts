// The output folder is created and checked for writability up front, so that
// a bad --out fails in a second, not after minutes of training.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './args.js';

/** Create `dir` if needed and prove it writable with a probe file. Throws UsageError. */
export async function prepareOutputDir(dir: string): Promise<void> {
  const probe = join(dir, `.demo-write-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
  } catch (error) {
    throw new UsageError(`cannot write to output folder "${dir}" (${describe(error)})`);
  }
  await rm(probe, { force: true });
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOTDIR: 'a parent is not a folder',
    EEXIST: 'a file of that name exists',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'the probe file name is taken by a folder',
  };
  return (e.code && reasons[e.code] ? `${e.code}: ${reasons[e.code]}` : e.message ?? String(error)).split('\n')[0];
}
