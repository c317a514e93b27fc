// Writing the run's files so that an interrupted or failed write never leaves
// a truncated file, nor a new metrics.json beside an old report.html: every
// file is written whole to a temporary name in its own folder (so that the
// rename cannot cross file systems) and flushed, and only when all of them
// are written are they renamed over their targets, one right after the other.
//
// The file system calls are synchronous on purpose: a signal handler (a
// second Ctrl-C that quits at once) cannot run in the middle of them, so it
// never meets a half-written temporary file or an open that is still in
// flight. The files are small (metrics and a report; parameters if asked for)
// and written once, at the end of a run.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file to write: where, and its whole content. */
export interface FileToWrite {
  readonly path: string;
  readonly data: string | Uint8Array;
}

let counter = 0;

/** The temporary name of `path`: hidden, in the same folder, unique to this process and call. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
}

function writeWhole(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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
      written.push({ temporary, path: file.path });
      writeWhole(temporary, file.data);
    }
    for (const { temporary, path } of written) renameSync(temporary, path);
  } catch (error) {
    for (const { temporary } of written) rmSync(temporary, { force: true });
    throw error;
  }
}

/** Write one file atomically (see writeFilesAtomically). */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeFilesAtomically([{ path, data }]);
}
