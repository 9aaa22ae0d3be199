import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import { aggregatePbs } from '../../collectors/probes/pbs/aggregate-pbs.ts';
import { parsePbsnodes } from '../../collectors/probes/pbs/parse-pbsnodes.ts';
import { parseQstatQueues } from '../../collectors/probes/pbs/parse-qstat-queues.ts';
import type { SnapshotLine } from '../../core/model/index.ts';
import { buildSite } from '../helpers/build-site.ts';
import { writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

// The node-type table of a PBS cluster named by `nodeTypeResource`, from the Casper-style
// five-type pbsnodes replay (documented format; PBS cannot run here), and a cluster without it.
const HOUR_MS = 3_600_000;
const fixture = (name: string) => readFile(new URL(`../fixtures/pbs/${name}`, import.meta.url), 'utf8');

const CONFIG = `site:
  title: Node types
  url: https://status.example.org
  interval: 1h
sources:
  - { id: admin, name: Admin node }
checks:
  - { id: casper, name: Casper, type: pbs, cluster: casper, nodeTypeResource: nodetype }
  - { id: casper-plain, name: Casper plain, type: pbs, cluster: casperplain }
`;

async function summarise(nodeTypeResource: string | undefined) {
  const options = nodeTypeResource === undefined ? {} : { nodeTypeResource };
  const nodes = parsePbsnodes(await fixture('pbsnodes-casper-documented-format.json'), options);
  const queues = parseQstatQueues(await fixture('qstat-Q-documented-format.json'));
  if (!nodes.ok || !queues.ok) throw new Error('PBS fixtures did not parse');
  return aggregatePbs({
    nodes: nodes.nodes,
    queues: queues.queues,
    reservations: [],
    maxProblemNodes: 50,
    onlyQueues: [],
    ...options,
  });
}

describe('the cluster page shows node types named by a node property', () => {
  let tempDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-node-types-'));
    const configPath = path.join(tempDir, 'status.config.yaml');
    await writeFile(configPath, CONFIG);
    const named = await summarise('nodetype');
    const plain = await summarise(undefined);
    const nowMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const lines: SnapshotLine[] = [];
    for (let hour = 0; hour < 24; hour++) {
      lines.push({
        v: 1,
        t: new Date(nowMs - (23 - hour) * HOUR_MS).toISOString(),
        source: 'admin',
        agent: { version: '0.1.0', host: 'admin1' },
        results: [
          {
            id: 'casper',
            status: 'up',
            ms: 900,
            message: 'ok',
            metrics: flattenClusterMetrics(named),
            detail: { ...named },
          },
          {
            id: 'casper-plain',
            status: 'up',
            ms: 900,
            message: 'ok',
            metrics: flattenClusterMetrics(plain),
            detail: { ...plain },
          },
        ],
      });
    }
    await writeSnapshotFixtures(path.join(tempDir, 'data'), lines);
    await buildSite({ configPath, dataDir: path.join(tempDir, 'data'), outDir: path.join(tempDir, 'dist') });
    server = await serveStatic(path.join(tempDir, 'dist'));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('one row per type: specs, nodes = idle + allocated + down (drained) + maintenance, CPU allocation of usable cores, GPUs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/clusters/casper/`);
    const rows = page.locator('table.cluster-node-types tbody tr');
    const cells = async (i: number) =>
      (await rows.nth(i).locator('th, td').allInnerTexts()).map((c) => c.trim());
    await expect(rows.count()).resolves.toBe(5);
    // gpu-a100 has a node in maintenance, so the column is there.
    expect(
      (await page.locator('table.cluster-node-types thead th').allInnerTexts()).map((c) => c.trim()),
    ).toEqual([
      'Type',
      'Cores per node',
      'Memory per node',
      'GPUs per node',
      'Nodes',
      'Idle',
      'Allocated',
      'Down',
      'Maintenance',
      'CPU allocation',
      'GPUs allocated',
    ]);
    expect(await cells(0)).toEqual([
      'standard',
      '36',
      '192 GiB',
      '—',
      '12',
      '4',
      '6',
      '2 (1 drained)',
      '0',
      '48.9 %\n176 of 360 usable cores',
      '—',
    ]);
    expect(await cells(1)).toEqual([
      'gpu-v100',
      '36',
      '384 GiB',
      '4 × v100',
      '6',
      '1',
      '3',
      '2 (1 drained)',
      '0',
      '62.5 %\n90 of 144 usable cores',
      '10 / 24',
    ]);
    expect((await cells(4)).slice(0, 4)).toEqual(['gpu-mi100', '64', '512 GiB', '2 × mi100']);
    // 4 nodes: 1 idle, 2 allocated, 0 down, 1 in maintenance.
    expect((await cells(3)).slice(0, 10)).toEqual([
      'gpu-a100',
      '64',
      '512 GiB',
      '4 × a100',
      '4',
      '1',
      '2',
      '0',
      '1',
      '66.7 %\n128 of 192 usable cores',
    ]);
    await page.locator('table.cluster-node-types').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/vigil-cluster-node-types.png', fullPage: true });
    await page.close();
  });

  it("the component page's current values have a per node type table", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/components/casper/`);
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Per node type');
    expect(text).toMatch(/gpu-v100 2 1 62\.5 %/);
    await page.close();
  });

  it('a cluster without nodeTypeResource keeps the usable / total table', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/clusters/casper-plain/`);
    await expect(page.locator('table.cluster-node-types').count()).resolves.toBe(0);
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/gpu-v100 v100:4 36 384 GiB 4 \/ 6/);
    expect(text).not.toContain('Per node type');
    await page.close();
  });
});
