// openCollectSession(), what `vigil watch` runs on, in-process with real command checks: batches
// that probe at once share one lock and one state, and are written one at a time.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCollectSession } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { Check } from '../../../../core/model/index.ts';
import { readStateFile } from '../../../../core/store/state-file.ts';

// The slow check ends once the test creates the release file, however loaded the machine is.
const CONFIG = (releaseFile: string) => `sources: [{ id: lab }]
checks:
  - { id: slow, type: command, command: ["sh", "-c", "while [ ! -e '${releaseFile}' ]; do sleep 0.05; done"], timeout: 60s, retries: 0 }
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
  const { config } = parseConfigText(CONFIG(path.join(dir, 'release')), 'status.config.yaml', {});
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
    expect(isSlowDone).toBe(false);
    await writeFile(path.join(dir, 'release'), '');
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

  it.each([
    {
      kind: 'a webhook',
      yaml: 'publish:\n  webhooks: [{ url: "${HOOK}", timeout: 60s, retries: 0 }]',
      logged: /flip up → down not delivered/,
    },
    {
      kind: 'an alert provider',
      yaml: 'alerts:\n  providers:\n    - { id: hook, type: webhook, url: "${HOOK}", retries: 0 }',
      logged: /vigil alert: hook: flip down not sent/,
    },
  ])(
    '$kind on 127.0.0.1 that never answers delays no later batch: its line is written while the delivery still waits',
    async ({ yaml, logged: expected }) => {
      const sockets = new Set<Socket>();
      const waiting: IncomingMessage[] = [];
      let hasArrived: () => void = () => {};
      const arrived = new Promise<void>((resolve) => {
        hasArrived = resolve;
      });
      // Takes each delivery and never answers it.
      const server = createServer((request) => {
        waiting.push(request);
        hasArrived();
      });
      server.on('connection', (socket) => sockets.add(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        // The receiver's URL comes from the environment, as a provider's secret must.
        const { config, secrets, interpolated } = parseConfigText(
          `sources: [{ id: lab }]\n${yaml}\nchecks:\n  - { id: flip, type: command, command: ["false"], retries: 0 }\n`,
          'status.config.yaml',
          { HOOK: `http://127.0.0.1:${port}/hook` },
        );
        // Up with failures counted already: this batch turns it down, which goes to the webhook.
        await mkdir(path.join(dir, 'state'), { recursive: true });
        await writeFile(
          path.join(dir, 'state', 'lab.json'),
          JSON.stringify({ v: 1, checks: { flip: { consecutiveFailures: 5, lastStatus: 'up' } } }),
        );
        const logged: string[] = [];
        const session = await openCollectSession({
          config,
          dataDir: dir,
          source: 'lab',
          secrets,
          interpolated,
          inProcess: true,
          notifyBudgetMs: 60_000,
          log: (line) => logged.push(line),
        });
        if ('reason' in session) throw new Error(session.reason);
        const flip = config.checks[0] as Check;
        expect((await session.runBatch([flip])).status).toBe('written');
        await arrived;
        // The next batch's line is written while the first batch's delivery is still unanswered.
        const next = await session.runBatch([flip]);
        expect(next.status).toBe('written');
        expect(waiting).toHaveLength(1);
        expect(waiting[0]?.socket.destroyed).toBe(false);
        const day = new Date().toISOString().slice(0, 10);
        const stored = (await readFile(path.join(dir, 'snapshots', 'lab', `${day}.jsonl`), 'utf8'))
          .trim()
          .split('\n');
        expect(stored).toHaveLength(2);
        // The delivery fails (the target goes away); close() waits for that side work, then frees the lock.
        for (const socket of sockets) socket.destroy();
        await session.close();
        expect(logged.join('\n')).toMatch(expected);
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    },
    60_000,
  );
});
