// A run nothing can stall: real collectOnce with its probe runner processes against two FUSE mounts
// that never answer (mounted by the suite, root only), a backtracking pattern over hostile output,
// a `hostname` that hangs for 20 s, and a check that outlives the run deadline, beside a healthy
// 15 ms loopback HTTP target.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOnce } from '../../../../collectors/run/collect-once.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import type { CheckResult } from '../../../../core/model/index.ts';
import { readSnapshots } from '../../../../core/store/read-snapshots.ts';
import { canMountFuse, type HungMount, mountHungFuse } from '../../../helpers/hung-fuse-mount.ts';

let dir: string;
let server: Server;
let baseUrl: string;
const mounts: HungMount[] = [];
const originalPath = process.env.PATH;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-hostile-'));
  server = createServer((_request, response) => {
    setTimeout(() => response.end('ok'), 15);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.env.PATH = originalPath;
  for (const mount of mounts) await mount.release();
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

function byId(results: readonly CheckResult[]): Record<string, CheckResult> {
  return Object.fromEntries(results.map((result) => [result.id, result]));
}

async function collect(yaml: string, dataDir: string) {
  const { config } = parseConfigText(yaml, 'status.config.yaml', {});
  const logged: string[] = [];
  const outcome = await collectOnce({ config, dataDir, source: 'local', log: (line) => logged.push(line) });
  expect(outcome.status).toBe('written');
  const lines = await readSnapshots(dataDir, { onWarning: () => {} });
  expect(lines).toHaveLength(1);
  return { results: byId(lines[0]?.results ?? []), line: lines[0], logged };
}

describe.runIf(canMountFuse())('two FUSE mounts that never answer', () => {
  it('the run writes its line: the mounts are down as hung, the host check and a healthy target are up', async () => {
    for (const name of ['hang-a', 'hang-b']) mounts.push(await mountHungFuse(path.join(dir, name)));
    const { results } = await collect(
      `collect: { deadline: 20s }
checks:
  - { id: hang-a, type: filesystem, path: ${mounts[0]?.mountPoint}, statTimeout: 1s, timeout: 3s, retries: 0 }
  - { id: hang-b, type: filesystem, path: ${mounts[1]?.mountPoint}, statTimeout: 1s, timeout: 3s, retries: 0 }
  - { id: host, type: host }
  - { id: web, type: http, url: "${baseUrl}/" }
`,
      path.join(dir, 'data-fuse'),
    );
    expect(results['hang-a']?.raw ?? results['hang-a']?.status).toBe('down');
    expect(results['hang-b']?.raw ?? results['hang-b']?.status).toBe('down');
    expect(results['hang-a']?.message).toMatch(/timed out|no answer/);
    expect(results.host?.status).toBe('up');
    expect(results.web?.status).toBe('up');
  });
});

describe('hostile probes', () => {
  it('a backtracking pattern over hostile output and a slow hostname stall nothing; a hung check is unknown at the deadline', async () => {
    const bin = path.join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    // A broken resolver: `hostname -f` (which systeminformation runs synchronously) hangs for 20 s.
    await writeFile(path.join(bin, 'hostname'), '#!/bin/sh\nsleep 20\necho slow-host\n');
    await chmod(path.join(bin, 'hostname'), 0o755);
    process.env.PATH = `${bin}:${originalPath}`;
    try {
      const { results, line } = await collect(
        `collect: { deadline: 6s }
checks:
  - { id: redos, type: command, command: [printf, "${'a'.repeat(45)} b"], match: "^(a|aa)+$", retries: 0 }
  - { id: host, type: host, timeout: 5s }
  - { id: web, type: http, url: "${baseUrl}/", timeout: 3s }
  - { id: stuck, type: command, command: [sleep, "60"], timeout: 60s, retries: 0 }
`,
        path.join(dir, 'data-hostile'),
      );
      expect(results.redos?.raw ?? results.redos?.status).toBe('down');
      expect(results.redos?.message).toMatch(/stdout does not match/);
      expect(results.host?.status).toBe('up');
      expect(results.web?.status).toBe('up');
      expect(results.stuck).toMatchObject({
        status: 'unknown',
        message: 'no answer before the run deadline (6 s)',
      });
      expect(line?.run?.loopDelayMaxMs).toBeTypeOf('number');
    } finally {
      process.env.PATH = originalPath;
    }
  });
});
