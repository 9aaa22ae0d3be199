import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesystemProbe } from '../../../../../collectors/probes/filesystem/probe-filesystem.ts';
import { type CommandRunner, runCommand } from '../../../../../collectors/transport/run-command.ts';
import { FilesystemCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';

const LUSTRE_FIXTURES = path.resolve('test/fixtures/lustre');
let dir: string;

/** The real runner with a directory of fake programs first on PATH. */
function runWithFakes(binDir: string): CommandRunner {
  return (request) =>
    runCommand({ ...request, env: { ...request.env, PATH: `${binDir}:${process.env.PATH}` } });
}

async function writeFakes(name: string, programs: Record<string, string>): Promise<string> {
  const binDir = path.join(dir, name);
  await mkdir(binDir);
  for (const [program, body] of Object.entries(programs)) {
    await writeFile(path.join(binDir, program), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return binDir;
}

function probe(fields: Record<string, unknown>, run: CommandRunner = runCommand, timeoutMs = 10_000) {
  const check = FilesystemCheckSchema.parse({ id: 'fs', type: 'filesystem', ...fields });
  return filesystemProbe.probe(check, makeProbeContext({ run, timeoutMs }));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-probe-filesystem-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('filesystem probe on this machine', () => {
  it('a real mount point is up with capacity, use and inodes', async () => {
    const observation = await probe({ path: '/' });
    expect(observation.status).toBe('up');
    expect(observation.message).toMatch(/^\/: \d+(\.\d)?% used, [\d.]+ [KMGTP]?i?B free$/);
    expect(observation.metrics).toMatchObject({
      sizeBytes: expect.any(Number),
      usedBytes: expect.any(Number),
      availableBytes: expect.any(Number),
      usedPercent: expect.any(Number),
      statMs: expect.any(Number),
    });
    expect(observation.detail).toMatchObject({ mount: '/' });
  });

  it('a directory that is not a mount point is down as not mounted', async () => {
    expect(await probe({ path: dir })).toEqual({
      status: 'down',
      message: `${dir} is not mounted (it is a directory on /)`,
    });
  });

  it('with mountPoint: false any directory is measured', async () => {
    expect((await probe({ path: dir, mountPoint: false })).status).toBe('up');
  });

  it('a path that does not exist is down with what stat said', async () => {
    const missing = path.join(dir, 'gone');
    const observation = await probe({ path: missing, mountPoint: false });
    expect(observation.status).toBe('down');
    // Coreutils 9 says "statx", older releases "stat".
    expect(observation.message).toMatch(/^stat: cannot statx? '.*\/gone': No such file or directory$/);
  });
});

describe('filesystem probe with a fake stat that never answers (a hung NFS mount)', () => {
  it('is down "no answer from / in 1 s" at the stat deadline, not the check timeout', async () => {
    const binDir = await writeFakes('hung', { stat: 'exec sleep 600' });
    // The check's own timeout is 30 s: the message proves the stat deadline, not the timeout, ended it.
    const observation = await probe({ path: '/', statTimeout: '1s' }, runWithFakes(binDir), 30_000);
    expect(observation).toEqual({
      status: 'down',
      message: 'no answer from / in 1 s',
      detail: expect.any(Object),
    });
  });
});

describe('filesystem probe with lustre: true and a fake lfs replaying documented lfs df output', () => {
  const lfs = (fixture: string) =>
    `[ "$1 $2" = "df -l" ] || exit 2\ncat '${path.join(LUSTRE_FIXTURES, fixture)}'`;

  it('a healthy Lustre filesystem is up with target counts and the fullest OST', async () => {
    const binDir = await writeFakes('lfs-ok', { lfs: lfs('lfs-df-healthy.txt') });
    const observation = await probe({ path: '/', lustre: true }, runWithFakes(binDir));
    expect(observation.status).toBe('up');
    expect(observation.metrics).toMatchObject({
      ostCount: 4,
      mdtCount: 2,
      targetsFlagged: 0,
      targetsInactive: 0,
      ostUsedPercentMax: 64,
    });
  });

  it('flagged and inactive targets make it degraded, each named', async () => {
    const binDir = await writeFakes('lfs-flags', { lfs: lfs('lfs-df-flags.txt') });
    const observation = await probe({ path: '/', lustre: true }, runWithFakes(binDir));
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(
      /; scratch-OST0001 degraded; scratch-OST0002 out of space; scratch-OST0003 degraded, read-only; scratch-OST0005 out of inodes; scratch-OST0004 inactive$/,
    );
    expect(observation.metrics).toMatchObject({
      targetsFlagged: 4,
      targetsInactive: 1,
      ostUsedPercentMax: 100,
    });
  });

  it('a missing lfs is degraded with "command not found"', async () => {
    const binDir = await writeFakes('no-lfs', {});
    const observation = await probe({ path: '/', lustre: true }, (request) =>
      runWithFakes(binDir)(
        request.argv[0] === 'lfs'
          ? { ...request, argv: ['lfs-not-installed', ...request.argv.slice(1)] }
          : request,
      ),
    );
    expect(observation.status).toBe('degraded');
    expect(observation.message).toMatch(/; command not found: lfs-not-installed$/);
  });
});
