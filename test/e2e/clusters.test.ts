import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, SnapshotLine } from '../../collectors/model/index.ts';
import { flattenClusterMetrics } from '../../collectors/probes/cluster/cluster-metrics.ts';
import type { ClusterSummary } from '../../collectors/probes/cluster/cluster-summary.ts';
import { aggregatePbs } from '../../collectors/probes/pbs/aggregate-pbs.ts';
import { parsePbsRstat } from '../../collectors/probes/pbs/parse-pbs-rstat.ts';
import { parsePbsnodes } from '../../collectors/probes/pbs/parse-pbsnodes.ts';
import { parseQstatQueues } from '../../collectors/probes/pbs/parse-qstat-queues.ts';
import { aggregateSlurm } from '../../collectors/probes/slurm/aggregate-slurm.ts';
import { parseReservations } from '../../collectors/probes/slurm/parse-reservations.ts';
import { parseSinfo } from '../../collectors/probes/slurm/parse-sinfo.ts';
import { parseSqueue } from '../../collectors/probes/slurm/parse-squeue.ts';
import { buildSite } from '../helpers/build-site.ts';
import { writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

const HOUR_MS = 3_600_000;
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const CONFIG = `site:
  title: Example HPC status
  url: https://status.example.org
  interval: 1h
groups:
  - { id: atlas, name: Atlas }
  - { id: derecho, name: Derecho }
sources:
  - { id: admin, name: Admin node }
checks:
  - { id: atlas, name: Atlas scheduler, type: slurm, group: atlas }
  - { id: atlas-login1, name: atlas login1, type: tcp, group: atlas, host: 127.0.0.1, port: 22 }
  - { id: atlas-scratch, name: /scratch, type: filesystem, group: atlas, path: /scratch }
  - { id: derecho, name: Derecho scheduler, type: pbs, group: derecho }
`;

/** squeue lines in the probe's format for the partitions of sinfo-documented-edge-cases.txt. */
const SQUEUE = [
  '100|cpu|RUNNING|alice|None|128|N/A',
  '101_[0-9%2]|cpu|PENDING|alice|Resources|1|N/A',
  '103|gpu|RUNNING|carol|None|16|gres:gpu:a100:3',
  '104|gpu|PENDING|dave|Priority|8|gres:gpu:1',
].join('\n');

/** What the probes made of the fixtures: real Slurm 22.05 output and documented-format PBS output. */
async function summarise(): Promise<{ atlas: ClusterSummary; derecho: ClusterSummary }> {
  const atlas = aggregateSlurm({
    cluster: 'atlas',
    nodes: parseSinfo(await fixture('slurm/sinfo-documented-edge-cases.txt')),
    jobs: parseSqueue(SQUEUE),
    reservations: parseReservations(await fixture('slurm/scontrol-22.05-reservations.txt')),
    maxProblemNodes: 50,
  });
  const nodes = parsePbsnodes(await fixture('pbs/pbsnodes-documented-format.json'));
  const queues = parseQstatQueues(await fixture('pbs/qstat-Q-documented-format.json'));
  if (!nodes.ok || !queues.ok) throw new Error('PBS fixtures did not parse');
  const derecho = aggregatePbs({
    cluster: 'derecho',
    nodes: nodes.nodes,
    queues: queues.queues,
    reservations: parsePbsRstat(await fixture('pbs/pbs_rstat-f-documented-format.txt')),
    maxProblemNodes: 50,
    onlyQueues: [],
  });
  return { atlas, derecho };
}

function clusterResult(id: string, summary: ClusterSummary, hour: number): CheckResult {
  const metrics = flattenClusterMetrics(summary);
  // A daily rhythm, so the 7-day table has something to show.
  metrics.cpuUtilizationPercent = 40 + (hour % 24);
  return { id, status: 'up', ms: 900, message: 'cluster answered', metrics, detail: { ...summary } };
}

describe('cluster pages built from slurm and pbs results', () => {
  let tempDir: string;
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-clusters-'));
    outDir = path.join(tempDir, 'dist');
    const dataDir = path.join(tempDir, 'data');
    const configPath = path.join(tempDir, 'status.config.yaml');
    await writeFile(configPath, CONFIG);
    const { atlas, derecho } = await summarise();
    const nowMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const lines: SnapshotLine[] = [];
    for (let hour = 0; hour < 72; hour++) {
      const t = nowMs - (71 - hour) * HOUR_MS;
      lines.push({
        v: 1,
        t: new Date(t).toISOString(),
        source: 'admin',
        agent: { version: '0.1.0', host: 'admin1' },
        results: [
          clusterResult('atlas', atlas, hour),
          {
            id: 'atlas-login1',
            status: 'up',
            ms: 5,
            message: 'connected',
            metrics: { connectMs: 5 },
            detail: {},
          },
          {
            id: 'atlas-scratch',
            status: 'up',
            ms: 20,
            message: '71 % used',
            metrics: { usedPercent: 71 },
            detail: {},
          },
          clusterResult('derecho', derecho, hour),
        ],
      });
    }
    await writeSnapshotFixtures(dataDir, lines);
    await buildSite({ configPath, dataDir, outDir });
    server = await serveStatic(outDir);
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

  it('the overview lists every cluster with its nodes and jobs, linked from the header', async () => {
    const html = await readFile(path.join(outDir, 'clusters/index.html'), 'utf8');
    expect(html).toContain('Atlas scheduler');
    expect(html).toContain('Derecho scheduler');
    const home = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(home).toMatch(/<a href="\/clusters\/"[^>]*>Clusters<\/a>/);
  });

  it('a SLURM cluster page works without JavaScript: partitions, nodes, reservations, node types', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.origin}/clusters/atlas/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Atlas scheduler');
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('5 of 8 nodes usable, 1 down, 1 drained, 1 in maintenance');
    expect(text).toContain('2 jobs running, 11 pending');
    expect(text).toMatch(/cpu \(default\) up 3 \/ 5 .* 1 10 gpu up 2 \/ 3 .* 1 1 interactive/);
    expect(text).toMatch(/Why jobs wait Resources: 10 Priority: 1/);
    const partitions = await page.locator('.cluster-partitions tbody th').allInnerTexts();
    expect(partitions.map((p) => p.trim())).toEqual(['cpu (default)', 'gpu', 'interactive']);
    expect(text).toMatch(/cn004 down\* Not responding/);
    expect(text).toMatch(/cn005 drain bad DIMM, ticket 1234/);
    expect(text).toMatch(/maint_nov Maintenance/);
    expect(text).toMatch(/now_maint Maintenance \(now\)/);
    expect(text).toContain('atlas login1');
    expect(text).toMatch(/\/scratch ✓ Operational 71 %/);
    expect(await page.locator('meter').count()).toBe(3);
    expect(await page.locator('.cluster-trend tbody tr').count()).toBe(7);
    await page.screenshot({ path: '/tmp/vigil-cluster-atlas.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a PBS cluster page calls its partitions queues and marks M… reservations as maintenance', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/clusters/derecho/`);
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Queues');
    expect(text).toMatch(/M456\.desched1 Maintenance \(now\)/);
    expect(text).toMatch(/dec0004 offline,job-busy offlined by admin: memory errors, ticket 5678/);
    await page.screenshot({ path: '/tmp/vigil-cluster-derecho.png', fullPage: true });
    await context.close();
  });
});
