// The output folder is created and checked for writability up front, so that
// a bad --out fails in a second, not after minutes of training.
//
// Not with fs.mkdir(dir, { recursive: true }): on Node 20 that never settles
// for a path such as /proc/x (libuv retries forever when procfs answers
// ENOENT for a parent that exists), and it spins a thread while it waits.
// Instead: find the nearest folder that exists, refuse a pseudo file system
// (proc, sys, ...), create the missing folders one level at a time, and give
// up after a timeout if the file system does not answer.
import { mkdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';

/** How long the file system may take to create and probe the folder. */
export const OUTPUT_DIR_TIMEOUT_MS = 3000;

/**
 * Linux file systems that hold kernel interfaces, not files (the f_type of
 * statfs(2), from linux/magic.h): nothing of ours may be written there.
 */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
  [0x1cd1, 'devpts'],
  [0x19800202, 'mqueue'],
]);

/** A failure with its own one-line reason (not an errno). */
class Refusal extends Error {}

/**
 * Create `dir` (an absolute path, or relative to the working directory) if
 * needed and prove it writable with a probe file. Throws UsageError, within
 * `timeoutMs` whatever the file system does.
 */
export async function prepareOutputDir(dir: string, timeoutMs = OUTPUT_DIR_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Refusal(`the file system did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([createAndProbe(resolve(dir)), timeout]);
  } catch (error) {
    throw new UsageError(`cannot write to output folder "${dir}" (${describe(error)})`);
  } finally {
    clearTimeout(timer);
  }
}

async function createAndProbe(dir: string): Promise<void> {
  // The nearest ancestor (or dir itself) that exists, and the names below it to create.
  const missing: string[] = [];
  let existing = dir;
  let info;
  for (;;) {
    try {
      info = await stat(existing);
      break;
    } catch (error) {
      const parent = dirname(existing);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === existing) throw error;
      missing.unshift(basename(existing));
      existing = parent;
    }
  }
  if (!info.isDirectory()) {
    throw Object.assign(new Error(existing), { code: missing.length === 0 ? 'EEXIST' : 'ENOTDIR' });
  }
  await refusePseudoFileSystem(existing);
  let path = existing;
  for (const name of missing) {
    path = join(path, name);
    try {
      await mkdir(path); // one level: never the recursive form (see the top of the file)
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
    }
  }
  const probe = join(dir, `.demo-write-probe-${process.pid}`);
  await writeFile(probe, '');
  await rm(probe, { force: true });
}

async function refusePseudoFileSystem(folder: string): Promise<void> {
  if (process.platform !== 'linux') return;
  const kind = PSEUDO_FILE_SYSTEMS.get((await statfs(folder)).type >>> 0); // f_type is a bit pattern; Node may give it signed
  if (kind !== undefined) throw new Refusal(`"${folder}" is on the ${kind} pseudo file system, which holds no files`);
}

function describe(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOTDIR: 'a parent is not a folder',
    EEXIST: 'a file of that name exists',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'the probe file name is taken by a folder',
    ENOENT: 'no such file or folder',
  };
  return (e.code && reasons[e.code] ? `${e.code}: ${reasons[e.code]}` : e.message ?? String(error)).split('\n')[0];
}
