// collectOnce() in-process, with a fixed clock and real command checks: what the CLI wraps.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectOnce } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { readStateFile } from '../../../../core/store/state-file.ts';

const CONFIG = `sources: [{ id: lab }]
checks:
  - { id: ok, type: command, command: ["true"] }
  - { id: broken, type: command, command: ["false"], retries: 0 }
  - { id: token, type: command, command: ["echo", "\${SECRET_TOKEN}"] }
`;
const NOW = new Date('2026-11-30T12:00:00.000Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-collect-once-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

function load() {
  return parseConfigText(CONFIG, 'status.config.yaml', { SECRET_TOKEN: 'canary-3f9a2b' });
}

describe('collectOnce', () => {
  it('writes one line at the clock it is given, judges the results and saves the state', async () => {
    const { config, secrets } = load();
    const logged: string[] = [];
    const outcome = await collectOnce({
      config,
      secrets,
      dataDir: dir,
      source: 'lab',
      now: () => NOW,
      log: (line) => logged.push(line),
    });
    expect(outcome.status).toBe('written');
    const lines = await readSnapshots(dir, { onWarning: (warning) => logged.push(warning.message) });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.t).toBe(NOW.toISOString());
    expect(lines[0]?.durationMs).toBe(0);
    expect(Object.fromEntries(lines[0]?.results.map((r) => [r.id, r.status]) ?? [])).toEqual({
      ok: 'up',
      // One failed run is not yet an outage (failuresBeforeDown: 2): degraded, with the raw result kept.
      broken: 'degraded',
      token: 'up',
    });
    expect(lines[0]?.results.find((r) => r.id === 'broken')?.raw).toBe('down');
    const state = await readStateFile(dir, 'lab', () => {});
    expect(state.updatedAt).toBe(NOW.toISOString());
    expect(state.checks.broken?.consecutiveFailures).toBe(1);
    expect(logged).toEqual([]);
  });

  it('masks interpolated secrets in everything it writes', async () => {
    const { config, secrets } = load();
    await collectOnce({ config, secrets, dataDir: dir, source: 'lab', now: () => NOW, log: () => {} });
    const written = await readFile(path.join(dir, 'snapshots/lab/2026-11-30.jsonl'), 'utf8');
    expect(written).not.toContain('canary-3f9a2b');
  });

  it('--dry-run: returns the line and writes nothing', async () => {
    const { config, secrets } = load();
    const outcome = await collectOnce({
      config,
      secrets,
      dataDir: dir,
      source: 'lab',
      dryRun: true,
      now: () => NOW,
    });
    expect(outcome.status).toBe('dry-run');
    expect(outcome.status === 'dry-run' && outcome.line.results).toHaveLength(3);
    expect(await readSnapshots(dir, { onWarning: () => {} })).toEqual([]);
  });

  it('says nothing could be written, and why, when the data directory refuses it', async () => {
    const { config, secrets } = load();
    const readOnly = path.join(dir, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o555);
    const outcome = await collectOnce({
      config,
      secrets,
      dataDir: path.join(readOnly, 'data'),
      source: 'lab',
    });
    // Root may write anywhere; then the run is written as usual.
    if (process.getuid?.() === 0) expect(outcome.status).toBe('written');
    else {
      expect(outcome.status).toBe('not-written');
      expect(outcome.status === 'not-written' && outcome.reason).toMatch(/^could not write to .*: EACCES/);
    }
  });

  it('runs only the checks it is given', async () => {
    const { config, secrets } = load();
    const checks = config.checks.filter((check) => check.id === 'ok');
    const outcome = await collectOnce({
      config,
      secrets,
      dataDir: dir,
      source: 'lab',
      checks,
      now: () => NOW,
    });
    expect(outcome.status === 'written' && outcome.line.results.map((r) => r.id)).toEqual(['ok']);
  });

  it('two runs of one source at once (a cron overlap): the second writes nothing and says why', async () => {
    const { config } = parseConfigText(
      'sources: [{ id: lab }]\nchecks:\n  - { id: slow, type: command, command: ["sleep", "1"] }\n',
      'status.config.yaml',
      {},
    );
    const first = collectOnce({ config, dataDir: dir, source: 'lab', log: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await collectOnce({ config, dataDir: dir, source: 'lab', log: () => {} });
    expect(second.status).toBe('not-written');
    expect(second.status === 'not-written' && second.reason).toMatch(
      new RegExp(
        `^another collect run of source "lab" is still running \\(pid ${process.pid} on .*\\); this run wrote nothing`,
      ),
    );
    expect((await first).status).toBe('written');
    // The lock goes with the run: the next one writes again.
    expect((await collectOnce({ config, dataDir: dir, source: 'lab', log: () => {} })).status).toBe(
      'written',
    );
    expect(await readSnapshots(dir, { onWarning: () => {} })).toHaveLength(2);
  });

  it('a webhook that never answers cannot hold the run: deliveries stop at the notification budget', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer(() => {});
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const { config } = parseConfigText(
        `sources: [{ id: lab }]\npublish:\n  webhooks: [{ url: "http://127.0.0.1:${port}/hook", timeout: 30s, retries: 3 }]\nchecks:\n  - { id: flip, type: command, command: ["false"], retries: 0 }\n`,
        'status.config.yaml',
        {},
      );
      const logged: string[] = [];
      const state = { v: 1, checks: { flip: { consecutiveFailures: 5, lastStatus: 'up' } } };
      await mkdir(path.join(dir, 'state'), { recursive: true });
      await writeFile(path.join(dir, 'state/lab.json'), JSON.stringify(state));
      const outcome = await collectOnce({
        config,
        dataDir: dir,
        source: 'lab',
        notifyBudgetMs: 300,
        log: (line) => logged.push(line),
      });
      expect(outcome.status).toBe('written');
      expect(logged.join('\n')).toMatch(
        /flip up → down not delivered after 1 attempt: .*(timed out|out of time)/,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
