import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBES } from '../../../../collectors/probes/registry.ts';
import { runChecks } from '../../../../collectors/run/run-checks.ts';
import { runCommand } from '../../../../collectors/transport/run-command.ts';
import type { StateFile } from '../../../../core/model/index.ts';
import { readStateFile, writeStateFile } from '../../../../core/store/state-file.ts';
import { findClosedPort } from '../../../helpers/loopback-server.ts';
import { parseCheck } from '../../../helpers/parse-check.ts';

const START = Date.parse('2026-11-22T10:00:00Z');
const MINUTE_MS = 60_000;
let dir: string;
let marker: string;
let healScript: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-heal-'));
  marker = path.join(dir, 'restarted.log');
  healScript = path.join(dir, 'restart-app');
  await writeFile(healScript, `#!/bin/sh\necho "restart $*" >> '${marker}'\necho "app restarted"\n`, {
    mode: 0o755,
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readMarker(): Promise<string[]> {
  const text = await readFile(marker, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

describe('heal: a command run after N consecutive down results, rate-limited through the state file', () => {
  it('runs after the second failure, not again within minInterval, again after it', async () => {
    const port = await findClosedPort();
    const check = parseCheck({
      id: 'app',
      type: 'tcp',
      host: '127.0.0.1',
      port,
      retries: 0,
      heal: { command: [healScript, 'app'], afterFailures: 2, minInterval: '30m' },
    });
    // Each collect run is a fresh process: the state goes through data/state/<source>.json between runs.
    const collectAt = async (minutes: number) => {
      const state: StateFile = await readStateFile(dir, 'main');
      const outcome = await runChecks({
        checks: [check],
        state,
        probes: PROBES,
        concurrency: 1,
        deadlineMs: 10_000,
        failuresBeforeDown: 2,
        now: () => new Date(START + minutes * MINUTE_MS),
        run: runCommand,
      });
      await writeStateFile(dir, 'main', outcome.state);
      return outcome.results[0];
    };

    const first = await collectAt(0);
    expect(first?.detail).not.toHaveProperty('heal');
    expect(await readMarker()).toEqual([]);

    const second = await collectAt(5);
    expect(second?.status).toBe('down');
    expect(second?.detail.heal).toEqual({
      ranAt: '2026-11-22T10:05:00.000Z',
      exitCode: 0,
      message: 'exit 0: app restarted',
    });
    expect(await readMarker()).toEqual(['restart app']);

    const third = await collectAt(10);
    expect(third?.detail).not.toHaveProperty('heal');
    expect(await readMarker()).toEqual(['restart app']);

    const fourth = await collectAt(40);
    expect(fourth?.detail.heal).toMatchObject({ ranAt: '2026-11-22T10:40:00.000Z', exitCode: 0 });
    expect(await readMarker()).toEqual(['restart app', 'restart app']);
  });

  it('records a heal command that cannot run, and a check without heal never runs anything', async () => {
    const port = await findClosedPort();
    const checks = [
      parseCheck({
        id: 'broken-heal',
        type: 'tcp',
        host: '127.0.0.1',
        port,
        retries: 0,
        heal: { command: ['systemctl-not-installed', 'restart', 'app'], afterFailures: 1 },
      }),
      parseCheck({ id: 'plain', type: 'tcp', host: '127.0.0.1', port, retries: 0 }),
    ];
    const { results, state } = await runChecks({
      checks,
      state: { v: 1, checks: {} },
      probes: PROBES,
      concurrency: 2,
      deadlineMs: 10_000,
      failuresBeforeDown: 1,
      now: () => new Date(START),
      run: runCommand,
    });
    expect(results[0]?.detail.heal).toEqual({
      ranAt: '2026-11-22T10:00:00.000Z',
      exitCode: null,
      message: 'command not found: systemctl-not-installed',
    });
    expect(state.checks['broken-heal']?.lastHealAt).toBe('2026-11-22T10:00:00.000Z');
    expect(results[1]?.detail).not.toHaveProperty('heal');
    expect(state.checks.plain).not.toHaveProperty('lastHealAt');
  });
});
