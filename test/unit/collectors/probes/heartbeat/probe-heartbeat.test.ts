// The heartbeat probe on real files in a temp data directory, with a fixed clock.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heartbeatProbe } from '../../../../../collectors/probes/heartbeat/probe-heartbeat.ts';
import { HeartbeatCheckSchema } from '../../../../../core/model/index.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { readFixture } from '../../../core/results/expect-readable.ts';

const MINUTE_MS = 60_000;
const check = HeartbeatCheckSchema.parse({ id: 'nightly-backup', type: 'heartbeat', every: '1h' });

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-heartbeat-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const probeAt = (nowIso: string, previousState?: unknown, options: { hasDataDir?: boolean } = {}) =>
  heartbeatProbe.probe(
    check,
    makeProbeContext({
      now: () => new Date(nowIso),
      previousState,
      ...(options.hasDataDir !== false && { dataDir }),
    }),
  );

async function writeReport(text: string): Promise<void> {
  await mkdir(path.join(dataDir, 'heartbeats'), { recursive: true });
  await writeFile(path.join(dataDir, 'heartbeats', 'nightly-backup.json'), text);
}

describe('heartbeat probe', () => {
  it('defaults: grace 5 min, no retry, down at the first late reading', () => {
    expect(check).toMatchObject({ every: 3_600_000, grace: 300_000, retries: 0, failuresBeforeDown: 1 });
  });

  it('reads the report vigil heartbeat wrote', async () => {
    await writeReport(readFixture('heartbeat/report-down.json'));
    const observation = await probeAt('2026-12-01T22:41:44.737Z');
    expect(observation).toMatchObject({
      status: 'down',
      message: 'reported down 10 min ago: rsync exited 23: some files could not be transferred',
      metrics: { reportAgeSeconds: 600 },
      detail: { reportedStatus: 'down', reportHost: 'vm' },
    });
  });

  it('keeps the first-seen time in its state, so a check with no report turns down every + grace after it was first probed', async () => {
    const first = await probeAt('2026-12-01T14:00:00Z');
    expect(first).toMatchObject({ status: 'up', state: { firstSeenAt: '2026-12-01T14:00:00.000Z' } });
    expect(first.message).toBe('no report yet (down after 2026-12-01T15:05:00.000Z unless one arrives)');
    const later = await probeAt('2026-12-01T15:06:00Z', first.state);
    expect(later.status).toBe('down');
    expect(later.message).toMatch(/^no report yet, 1 h 6 min since this check was first seen; /);
    expect(later.state).toEqual(first.state);
  });

  it('a first-seen time ahead of the clock (the clock was set back) starts again from now', async () => {
    const observation = await probeAt('2026-12-01T14:00:00Z', { firstSeenAt: '2027-01-01T00:00:00Z' });
    expect(observation.state).toEqual({ firstSeenAt: '2026-12-01T14:00:00.000Z' });
  });

  it.each([
    {
      case: 'a torn file',
      write: () => writeReport(readFixture('heartbeat/torn.json')),
      message:
        'heartbeats/nightly-backup.json: not a heartbeat report (not valid JSON: a torn or foreign file); "vigil heartbeat" rewrites it',
    },
    {
      case: 'a folder where the report should be',
      write: () => mkdir(path.join(dataDir, 'heartbeats', 'nightly-backup.json'), { recursive: true }),
      message: 'heartbeats/nightly-backup.json: could not be read (EISDIR)',
    },
    {
      case: 'a huge file',
      write: () => writeReport(`{"v":1,"message":"${'x'.repeat(100_000)}"}`),
      message:
        'heartbeats/nightly-backup.json: not a heartbeat report (100020 bytes; a report is one small JSON object)',
    },
  ])('$case is down with a located message, never a throw', async ({ write, message }) => {
    await write();
    const observation = await probeAt('2026-12-01T14:00:00Z');
    expect(observation.status).toBe('down');
    expect(observation.message).toBe(message);
  });

  it('without a data directory it is down and says why', async () => {
    const observation = await probeAt('2026-12-01T14:00:00Z', undefined, { hasDataDir: false });
    expect(observation).toMatchObject({
      status: 'down',
      message: 'no data directory was given to the heartbeat probe',
    });
  });

  it('a report a minute old is up', async () => {
    await writeReport(`${JSON.stringify({ v: 1, t: '2026-12-01T13:59:00Z', status: 'up' })}\n`);
    const observation = await probeAt(new Date(Date.parse('2026-12-01T13:59:00Z') + MINUTE_MS).toISOString());
    expect(observation).toMatchObject({ status: 'up', message: 'reported up 1 min ago' });
  });
});
