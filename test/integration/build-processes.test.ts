// Issue 14: `vigil build` ends every process it started. The real CLI builds a real site as the leader
// of its own process group; once it has exited, no process of that group may be left (esbuild's
// service process was, before the build stopped it).
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSiteData, type SiteData } from '../bench/generate-site-data.ts';
import { VIGIL_BIN } from '../helpers/run-vigil.ts';

const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);

/** The processes whose process group is pgid (zombies included), as "pid command". */
async function listProcessGroup(pgid: number): Promise<string[]> {
  const members: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const statLine = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp …: comm may hold spaces, so fields are counted after its ')'.
    const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    const command = statLine.slice(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
    members.push(`${pid} ${command} (state ${fields[0]})`);
  }
  return members;
}

let dir: string;
let site: SiteData;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-build-processes-'));
  site = await generateSiteData({ outDir: join(dir, 'site'), components: 4, incidents: 3, nowMs: NOW_MS });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('vigil build processes', () => {
  it('leaves no process of its process group behind', async () => {
    const outDir = join(dir, 'dist');
    const child = spawn(
      process.execPath,
      [VIGIL_BIN, 'build', '--config', site.configPath, '--data', site.dataDir, '--out', outDir],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const pgid = child.pid as number;
    const closed = new Promise((resolve) => child.on('close', resolve));
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Listed as soon as the build has exited: a process still running then, or one that exited
    // without being waited for (a zombie), was left behind. (Its stderr may still be open, so the
    // output is awaited after.)
    const leftBehind = await listProcessGroup(pgid);
    await closed;

    expect(exitCode, output).toBe(0);
    expect((await stat(join(outDir, 'index.html'))).isFile()).toBe(true);
    expect(leftBehind).toEqual([]);
  });
});
