// openCollectSession(), what `vigil watch` runs on, in-process with real command checks: batches
// that probe at once share one lock and one state, and are written one at a time.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCollectSession } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { Check } from '../../../../core/model/index.ts';
import { readStateFile } from '../../../../core/store/state-file.ts';

const CONFIG = `sources: [{ id: lab }]
checks:
  - { id: slow, type: command, command: ["sleep", "1.5"], timeout: 10s, retries: 0 }
  - { id: broken, type: command, command: ["false"], retries: 0 }
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-collect-session-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function load() {
  const { config } = parseConfigText(CONFIG, 'status.config.yaml', {});
  const byId = (id: string) => config.checks.find((check) => check.id === id) as Check;
  return { config, slow: byId('slow'), broken: byId('broken') };
}

describe('openCollectSession', () => {
  it('runs batches at once under one lock, writes each whole, and carries the state from one to the next', async () => {
    const { config, slow, broken } = load();
    const session = await openCollectSession({
      config,
      dataDir: dir,
      source: 'lab',
      inProcess: true,
      log: () => {},
    });
    if ('reason' in session) throw new Error(session.reason);
    // Another collector of the source is refused while the session holds the lock.
    const beside = await openCollectSession({ config, dataDir: dir, source: 'lab', inProcess: true });
    expect('reason' in beside && beside.reason).toMatch(
      /another collect run of source "lab" is still running/,
    );

    const slowRun = session.runBatch([slow]);
    const firstBroken = await session.runBatch([broken]);
    expect(firstBroken.status).toBe('written');
    // The quick batch was written while the slow one still probed.
    let isSlowDone = false;
    void slowRun.then(() => {
      isSlowDone = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(isSlowDone).toBe(false);
    const secondBroken = await session.runBatch([broken]);
    // The second batch started from the first one's state: two failures in a row turn it down.
    expect(secondBroken.status === 'written' && secondBroken.line.results[0]?.status).toBe('down');
    expect((await slowRun).status).toBe('written');
    await session.close();

    const lines = (
      await readFile(
        path.join(dir, 'snapshots', 'lab', `${new Date().toISOString().slice(0, 10)}.jsonl`),
        'utf8',
      )
    )
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { results: { id: string }[] });
    expect(lines.map((line) => line.results.map((result) => result.id).join())).toEqual([
      'broken',
      'broken',
      'slow',
    ]);
    // The state file holds every batch's checks, not only the last one's.
    const state = await readStateFile(dir, 'lab', () => {});
    expect(state.checks.broken?.consecutiveFailures).toBe(2);
    expect(state.checks.slow?.lastStatus).toBe('up');
    // Closed: the lock is free again.
    const again = await openCollectSession({ config, dataDir: dir, source: 'lab', inProcess: true });
    expect('reason' in again).toBe(false);
    if (!('reason' in again)) await again.close();
  }, 30_000);
});
