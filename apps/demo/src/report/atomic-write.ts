// Writing the run's files so that an interrupted or failed write never leaves
// a truncated file, nor a new metrics.json beside an old report.html: every
// file is written whole to a temporary name in its own folder (so that the
// rename cannot cross file systems), flushed, and only when all of them are
// written are they renamed over their targets, one right after the other.
import { unlinkSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file to write: where, and its whole content. */
export interface FileToWrite {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/** Temporary files being written now, so that a hard exit can remove them (see removeTemporaryFilesSync). */
const pending = new Set<string>();
let counter = 0;

/** The temporary name of `path`: hidden, in the same folder, unique to this process and call. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
}

/**
 * Write every file to a temporary name beside it, flush it to disk, then
 * rename them all over their targets. If any write fails, no target is
 * touched and the temporary files are removed.
 */
export async function writeFilesAtomically(files: readonly FileToWrite[]): Promise<void> {
  const written: { readonly temporary: string; readonly path: string }[] = [];
  try {
    for (const file of files) {
      const temporary = temporaryName(file.path);
      pending.add(temporary);
      written.push({ temporary, path: file.path });
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(file.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const { temporary, path } of written) {
      await rename(temporary, path);
      pending.delete(temporary);
    }
  } catch (error) {
    await Promise.all(written.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  } finally {
    for (const { temporary } of written) pending.delete(temporary);
  }
}

/** Write one file atomically (see writeFilesAtomically). */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeFilesAtomically([{ path, data }]);
}

/** Remove the temporary files of writes in progress: for a process about to exit at once (a second Ctrl-C). */
export function removeTemporaryFilesSync(): void {
  for (const temporary of pending) {
    try {
      unlinkSync(temporary);
    } catch {
      // already renamed or never created
    }
  }
  pending.clear();
}
