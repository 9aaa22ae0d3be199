import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../../core/store/write-file-atomic.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (a short-lived `true`). */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$']);
  return Number(child.stdout.toString().trim());
}

describe('temp files of killed atomic writes', () => {
  it('are removed when their writer is gone, kept while it lives, and other files are never touched', async () => {
    const dead = `.lab.json.${deadPid()}-0a1b2c3d.tmp`;
    const alive = `.lab.json.${process.pid}-0a1b2c3d.tmp`;
    await writeFileAtomic(path.join(dir, 'lab.json'), '{}\n');
    for (const name of [dead, alive, 'notes.tmp']) await writeFile(path.join(dir, name), 'x');
    expect(await removeStaleTempFiles(dir)).toEqual([dead]);
    expect((await readdir(dir)).sort()).toEqual([alive, 'lab.json', 'notes.tmp'].sort());
  });
});
