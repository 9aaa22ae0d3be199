// The badges Upptime users' READMEs point at, from a real build under a base path: 5-minute runs over
// the 14-day retention and a rollup day 100 days back, read from dist/ as shields.io would fetch them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RollupLine, SnapshotLine } from '../../core/model/index.ts';
import { buildSite } from '../helpers/build-site.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const NOW_MS = Date.parse('2026-12-01T12:02:00.000Z');
const API_DOWN_FROM_MS = NOW_MS - 2 * 60 * MINUTE_MS;

const CONFIG = `site:
  title: Lab
  url: https://status.example.org/lab/
  base: /lab/
  interval: 5m
groups:
  - { id: core, name: Core }
checks:
  - { id: web, name: Website, type: http, url: "https://example.org/", group: core }
  - { id: api, name: API, type: http, url: "https://api.example.org/", group: core }
  - { id: queue, name: Job queue, type: tcp, host: 127.0.0.1, port: 6379 }
`;

// https://shields.io/badges/endpoint-badge: the fields the endpoint badge reads, nothing else.
const ShieldsEndpointSchema = z.strictObject({
  schemaVersion: z.literal(1),
  label: z.string(),
  message: z.string().min(1),
  color: z.string().optional(),
  labelColor: z.string().optional(),
  isError: z.boolean().optional(),
  namedLogo: z.string().optional(),
  logoSvg: z.string().optional(),
  logoColor: z.string().optional(),
  logoSize: z.string().optional(),
  style: z.string().optional(),
  cacheSeconds: z.number().int().min(300).optional(),
});

const ENDPOINTS = [
  'status',
  'uptime',
  'uptime-day',
  'uptime-week',
  'uptime-month',
  'uptime-year',
  'response-time',
  'response-time-day',
  'response-time-week',
  'response-time-month',
  'response-time-year',
];

describe('shields endpoints and badges of a built site', () => {
  let dir: string;
  let outDir: string;
  let lines: SnapshotLine[];
  const readEndpoint = async (id: string, name: string) =>
    ShieldsEndpointSchema.parse(
      JSON.parse(await readFile(path.join(outDir, 'api', id, `${name}.json`), 'utf8')),
    );

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vigil-shields-'));
    const dataDir = path.join(dir, 'data');
    outDir = path.join(dir, 'dist');
    await writeFile(path.join(dir, 'status.config.yaml'), CONFIG);
    lines = generateSnapshotLines({
      source: 'local',
      checkIds: ['web', 'api', 'queue'],
      from: new Date(NOW_MS - 14 * DAY_MS),
      to: new Date(NOW_MS),
      intervalMs: 5 * MINUTE_MS,
      statusAt: (id, t) => (id === 'api' && t >= API_DOWN_FROM_MS ? 'down' : 'up'),
    });
    await writeSnapshotFixtures(dataDir, lines);
    await writeRollup(dataDir);
    await buildSite({
      configPath: path.join(dir, 'status.config.yaml'),
      dataDir,
      outDir,
      buildTimeMs: NOW_MS,
    });
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes every Upptime path for each component and group, each in the shape shields reads', async () => {
    for (const id of ['web', 'api', 'queue', 'core']) {
      for (const name of ENDPOINTS) {
        const endpoint = await readEndpoint(id, name);
        expect(endpoint.color, `${id}/${name}`).toMatch(
          /^(#[0-9a-f]{6}|brightgreen|green|yellowgreen|yellow|orange|red|lightgrey)$/,
        );
      }
    }
    expect(await readEndpoint('web', 'uptime-week')).toMatchObject({
      label: 'uptime 7d',
      color: 'brightgreen',
    });
    expect(await readEndpoint('web', 'response-time-month')).toMatchObject({ label: 'response time 30d' });
  });

  it('says the uptime the front page shows, window for window', async () => {
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    for (const id of ['web', 'api', 'queue']) {
      const row = new RegExp(`<dl[^>]*data-uptime-of="${id}"[^>]*>([\\s\\S]*?)</dl>`).exec(html);
      const shown = [...(row?.[1] ?? '').matchAll(/<span class="uptime"[^>]*>([^<]+)<\/span>/g)].map(
        (m) => m[1],
      );
      expect(shown, id).toHaveLength(3);
      const served = await Promise.all(
        ['uptime-day', 'uptime-week', 'uptime-month'].map(
          async (name) => (await readEndpoint(id, name)).message,
        ),
      );
      expect(served, id).toEqual(shown);
    }
    // api was down for its last two hours: 22 of 24 hours up.
    expect((await readEndpoint('api', 'uptime-day')).message).toBe('91.66%');
  });

  it('counts the year from the rollups, and everything kept equals it when nothing is older', async () => {
    const year = await readEndpoint('web', 'uptime-year');
    const month = await readEndpoint('web', 'uptime-month');
    expect(month.message).toBe('100%');
    // 14 days up and one rollup day half down: 14.5 of 15 days.
    expect(year).toMatchObject({ label: 'uptime 1y', message: '96.66%', color: 'brightgreen' });
    expect((await readEndpoint('web', 'uptime')).message).toBe(year.message);
  });

  it('means the response times of the timed runs in each window', async () => {
    const meanOf = (id: string, fromMs: number) => {
      const values = lines
        .filter((line) => Date.parse(line.t) >= fromMs)
        .flatMap((line) => line.results.filter((result) => result.id === id && result.status !== 'down'))
        .map((result) => result.metrics.latencyMs as number);
      return Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
    };
    expect((await readEndpoint('web', 'response-time-day')).message).toBe(
      `${meanOf('web', NOW_MS - DAY_MS)} ms`,
    );
    expect((await readEndpoint('api', 'response-time-week')).message).toBe(
      `${meanOf('api', NOW_MS - 7 * DAY_MS)} ms`,
    );
  });

  it('gives each status in words and the badge colours, for components and groups', async () => {
    expect(await readEndpoint('api', 'status')).toEqual({
      schemaVersion: 1,
      label: 'status',
      message: 'major outage',
      color: '#cf222e',
    });
    expect(await readEndpoint('core', 'status')).toMatchObject({
      message: 'partial outage',
      color: '#bc4c00',
    });
    expect(await readEndpoint('web', 'status')).toMatchObject({ message: 'operational', color: '#1a7f37' });
  });

  it('lists group badges and shields snippets on /badges/, each box the width of its SVG', async () => {
    const group = await readFile(path.join(outDir, 'badges', 'core.svg'), 'utf8');
    expect(group).toContain('aria-label="Core: partial outage"');
    const html = await readFile(path.join(outDir, 'badges', 'index.html'), 'utf8');
    expect(html).toContain(
      'https://img.shields.io/endpoint?url=https%3A%2F%2Fstatus.example.org%2Flab%2Fapi%2Fcore%2Fuptime-month.json',
    );
    expect(html).toContain('https://status.example.org/lab/badges/core.svg');
    const images = [...html.matchAll(/<img src="\/lab\/badges\/([^"]+)\.svg"[^>]*?width="(\d+)"/g)];
    expect(images.map((m) => m[1])).toEqual([
      'web',
      'web-uptime-30d',
      'api',
      'api-uptime-30d',
      'queue',
      'queue-uptime-30d',
      'core',
    ]);
    for (const [, name, width] of images) {
      const svg = await readFile(path.join(outDir, 'badges', `${name}.svg`), 'utf8');
      expect(/^<svg [^>]*?width="(\d+)"/.exec(svg)?.[1], name).toBe(width);
    }
  });
});

async function writeRollup(dataDir: string): Promise<void> {
  const day = new Date(NOW_MS - 100 * DAY_MS).toISOString().slice(0, 10);
  const rollup: RollupLine = {
    v: 1,
    day,
    id: 'web',
    samples: { up: 144, degraded: 0, down: 144, maintenance: 0, unknown: 0 },
    durationsMs: { up: DAY_MS / 2, degraded: 0, down: DAY_MS / 2, maintenance: 0, unknown: 0 },
    uptime: 0.5,
    latencyMs: { p50: 80, p95: 160, max: 300 },
    metrics: { latencyMs: { mean: 90, max: 300 } },
  };
  await mkdir(path.join(dataDir, 'rollups', 'local'), { recursive: true });
  await writeFile(
    path.join(dataDir, 'rollups', 'local', `${day.slice(0, 7)}.jsonl`),
    `${JSON.stringify(rollup)}\n`,
  );
}
