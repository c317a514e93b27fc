import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../src/report/atomic-write.js';
import { tempDir } from './helpers.js';

describe('writeFilesAtomically', () => {
  it('replaces every file whole, and leaves no temporary file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), 'old a');
    await writeFilesAtomically([
      { path: join(dir, 'a.json'), data: 'new a' },
      { path: join(dir, 'b.bin'), data: new Uint8Array([1, 2, 3]) },
    ]);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new a');
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.bin']);
  });

  it('touches no file when one of them cannot be written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), 'old a');
    await expect(
      writeFilesAtomically([
        { path: join(dir, 'a.json'), data: 'new a' },
        { path: join(dir, 'missing-folder', 'b.json'), data: 'b' },
      ]),
    ).rejects.toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});
