// Synthetic status-site data for the site budget benchmark: a config of N components in groups on
// several sources, `days` of 5-minute snapshots ending now, daily rollups for the rest of the 90-day
// bar, and M incident and maintenance files valid under the incident schema. Deterministic (a hashed
// PRNG, no Math.random) and written one day file at a time, so memory stays flat at any size.
//
// Alone: node test/bench/generate-site-data.ts --components 200 --out /tmp/site [--days 14] [--incidents 200]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DAY_MS, toUtcDay, toUtcMonth } from '../../core/history/utc-day.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import { getRollupFile, getSnapshotFile } from '../../core/store/store-paths.ts';

export interface SiteDataOptions {
  /** Folder that receives status.config.yaml and data/. */
  outDir: string;
  components: number;
  /** Days of raw 5-minute snapshots; default 14. */
  days?: number;
  /** Raw runs ending now instead of `days` of them: 1 is "one run of data". */
  runs?: number;
  /** Days of the 90-day bar before the raw window that get daily rollups; default 76. */
  rollupDays?: number;
  /** Incident and maintenance files; default: one per component. */
  incidents?: number;
  /** `resolved`: every file a resolved incident (as a cState site holds); default `mixed`. */
  incidentKinds?: 'mixed' | 'resolved';
  /** Where the data ends; default: now. */
  nowMs?: number;
}

export interface SiteData {
  configPath: string;
  dataDir: string;
  components: number;
  sources: number;
  results: number;
  rollupLines: number;
  incidents: number;
  bytesWritten: number;
}

const INTERVAL_MS = 5 * 60_000;
const RUNS_PER_DAY = DAY_MS / INTERVAL_MS;
const GROUP_SIZE = 10;
const CHECKS_PER_SOURCE = 50;
const MAX_SOURCES = 8;
const STATUS_CODES: readonly CheckStatus[] = ['up', 'degraded', 'down'];
const [UP, DEGRADED, DOWN] = [0, 1, 2];

type Kind = 'http' | 'tcp' | 'command';

interface BenchCheck {
  id: string;
  index: number;
  kind: Kind;
  source: string;
  baselineMs: number;
}

/** Writes the whole site data set; returns where it is and how much was written. */
export async function generateSiteData(options: SiteDataOptions): Promise<SiteData> {
  const days = options.days ?? 14;
  const rollupDays = options.rollupDays ?? 76;
  const incidentCount = options.incidents ?? options.components;
  const nowMs = Math.floor((options.nowMs ?? Date.now()) / INTERVAL_MS) * INTERVAL_MS;
  const dataDir = path.join(options.outDir, 'data');
  const sourceCount = Math.min(MAX_SOURCES, Math.max(2, Math.ceil(options.components / CHECKS_PER_SOURCE)));
  const sources = Array.from({ length: sourceCount }, (_, i) => `collector-${i + 1}`);
  const checks = Array.from({ length: options.components }, (_, index): BenchCheck => {
    const kinds: Kind[] = ['http', 'tcp', 'command'];
    return {
      id: `svc-${String(index + 1).padStart(4, '0')}`,
      index,
      kind: kinds[index % 3] as Kind,
      source: sources[index % sourceCount] as string,
      baselineMs: 15 + (hash(index, 1) % 200),
    };
  });

  const configPath = path.join(options.outDir, 'status.config.yaml');
  await mkdir(dataDir, { recursive: true });
  await writeFile(configPath, renderConfig(checks, sources));
  let bytesWritten = 0;
  let results = 0;

  // Raw window: the last `days` UTC days up to now (today's file is partial, as in real life).
  const firstRunMs =
    options.runs === undefined
      ? nowMs - days * DAY_MS + INTERVAL_MS
      : nowMs - (options.runs - 1) * INTERVAL_MS;
  for (const source of sources) {
    const sourceChecks = checks.filter((check) => check.source === source);
    for (let dayStartMs = startOfDay(firstRunMs); dayStartMs <= nowMs; dayStartMs += DAY_MS) {
      const fromMs = Math.max(firstRunMs, dayStartMs);
      const toMs = Math.min(nowMs, dayStartMs + DAY_MS - INTERVAL_MS);
      const dayIndex = Math.floor(dayStartMs / DAY_MS);
      const statuses = sourceChecks.map((check) => planDay(check.index, dayIndex, nowMs, dayStartMs));
      const lines: string[] = [];
      for (let t = fromMs; t <= toMs; t += INTERVAL_MS) {
        const run = (t - dayStartMs) / INTERVAL_MS;
        const parts = sourceChecks.map((check, i) => renderResult(check, statuses[i]?.[run] ?? UP, t));
        results += parts.length;
        lines.push(
          `{"v":1,"t":"${new Date(t).toISOString()}","source":"${source}","agent":{"version":"0.1.0","host":"${source}.example.org","ip":"192.0.2.10"},"durationMs":${200 + (hash(t, 7) % 900)},"results":[${parts.join(',')}]}\n`,
        );
      }
      const text = lines.join('');
      bytesWritten += await writeDataFile(dataDir, getSnapshotFile(source, toUtcDay(dayStartMs)), text);
    }
  }

  // Older days of the 90-day bar, as `vigil collect` would have folded them.
  let rollupLines = 0;
  for (const source of sources) {
    const sourceChecks = checks.filter((check) => check.source === source);
    const byMonth = new Map<string, string[]>();
    for (let back = days + rollupDays - 1; back >= days; back--) {
      const dayStartMs = startOfDay(nowMs) - back * DAY_MS;
      const day = toUtcDay(dayStartMs);
      const month = byMonth.get(toUtcMonth(day)) ?? [];
      for (const check of sourceChecks) month.push(renderRollup(check, day, dayStartMs, nowMs));
      byMonth.set(toUtcMonth(day), month);
      rollupLines += sourceChecks.length;
    }
    for (const [month, lines] of byMonth) {
      bytesWritten += await writeDataFile(dataDir, getRollupFile(source, month), lines.join(''));
    }
  }

  for (let n = 0; n < incidentCount; n++) {
    const role = options.incidentKinds === 'resolved' ? 'resolved' : pickIncidentRole(n, incidentCount);
    // Spread over the 90-day bar's days at least, however little raw data there is.
    const spanDays = Math.max(90, days + rollupDays);
    const { fileName, text } = renderIncident(n, incidentCount, role, checks, nowMs, spanDays);
    bytesWritten += await writeDataFile(dataDir, `incidents/${fileName}`, text);
  }

  return {
    configPath,
    dataDir,
    components: checks.length,
    sources: sourceCount,
    results,
    rollupLines,
    incidents: incidentCount,
    bytesWritten,
  };
}

function renderConfig(checks: readonly BenchCheck[], sources: readonly string[]): string {
  const groupCount = Math.ceil(checks.length / GROUP_SIZE);
  const groups = Array.from(
    { length: groupCount },
    (_, g) =>
      `  - { id: group-${g + 1}, name: "Service group ${g + 1}", description: "Ten services of team ${g + 1}."${g >= 3 && g % 4 === 3 ? ', collapsed: true' : ''} }`,
  );
  const renderCheck = (check: BenchCheck): string => {
    const common = `id: ${check.id}, name: "Service ${check.index + 1}", group: group-${Math.floor(check.index / GROUP_SIZE) + 1}, source: ${check.source}`;
    if (check.kind === 'http')
      return `  - { ${common}, type: http, url: "https://${check.id}.example.org/health" }`;
    if (check.kind === 'tcp')
      return `  - { ${common}, type: tcp, host: ${check.id}.example.org, port: 5432 }`;
    return `  - { ${common}, type: command, command: [queue-depth, ${check.id}] }`;
  };
  return [
    '# Generated by test/bench/generate-site-data.ts for the site budget benchmark.',
    'site:',
    '  title: Bench Lab status',
    '  intro: Synthetic services watched every five minutes, for the site budget benchmark.',
    '  url: https://status.example.org',
    '  interval: 5m',
    '  retentionDays: 14',
    '  links:',
    '    - { label: Help desk, url: "https://help.example.org" }',
    'groups:',
    ...groups,
    'sources:',
    ...sources.map((id, i) => `  - { id: ${id}, name: "Collector ${i + 1}" }`),
    'checks:',
    ...checks.map(renderCheck),
    '',
  ].join('\n');
}

/**
 * The status of each run of one check on one UTC day: mostly up, a short outage on about one day in
 * eight, a slow spell on about one day in four, and a handful of checks down or degraded right now.
 */
function planDay(checkIndex: number, dayIndex: number, nowMs: number, dayStartMs: number): Uint8Array {
  const statuses = new Uint8Array(RUNS_PER_DAY);
  const roll = hash(checkIndex, dayIndex);
  if (roll % 8 === 0) {
    const start = hash(roll, 1) % RUNS_PER_DAY;
    statuses.fill(DOWN, start, start + 1 + (hash(roll, 2) % 12));
  }
  if (roll % 4 === 1) {
    const start = hash(roll, 3) % RUNS_PER_DAY;
    statuses.fill(DEGRADED, start, start + 2 + (hash(roll, 4) % 24));
  }
  if (nowMs - dayStartMs < DAY_MS) {
    const nowRun = (nowMs - dayStartMs) / INTERVAL_MS;
    if (checkIndex % 97 === 5) statuses.fill(DOWN, Math.max(0, nowRun - 6), nowRun + 1);
    else if (checkIndex % 41 === 7) statuses.fill(DEGRADED, Math.max(0, nowRun - 3), nowRun + 1);
  }
  return statuses;
}

function renderResult(check: BenchCheck, code: number, t: number): string {
  const status = STATUS_CODES[code] ?? 'up';
  const jitter = 0.7 + (hash(check.index, t) % 1000) / 1000;
  const spike = hash(t, check.index) % 50 === 0 ? 5 : 1;
  const latencyMs = round1(check.baselineMs * jitter * spike * (status === 'degraded' ? 8 : 1));
  if (status === 'down') {
    const message = check.kind === 'http' ? 'HTTP 503 Service Unavailable' : 'timed out after 10 s';
    return `{"id":"${check.id}","status":"down","ms":10000,"message":"${message}","metrics":{},"detail":{}}`;
  }
  switch (check.kind) {
    case 'http': {
      const bodyBytes = 4000 + (hash(check.index, Math.floor(t / DAY_MS)) % 2000);
      return `{"id":"${check.id}","status":"${status}","ms":${latencyMs},"message":"HTTP 200 in ${Math.round(latencyMs)} ms","metrics":{"latencyMs":${latencyMs},"bodyBytes":${bodyBytes}},"detail":{"httpVersion":"1.1"}}`;
    }
    case 'tcp': {
      const connectMs = round1(latencyMs / 3);
      return `{"id":"${check.id}","status":"${status}","ms":${latencyMs},"message":"connected in ${Math.round(connectMs)} ms","metrics":{"connectMs":${connectMs}},"detail":{}}`;
    }
    case 'command': {
      const queueDepth = hash(check.index, Math.floor(t / 3_600_000)) % 40;
      return `{"id":"${check.id}","status":"${status}","ms":${latencyMs},"message":"exit 0: ${queueDepth} jobs queued","metrics":{"queueDepth":${queueDepth},"exitCode":0},"detail":{"version":"2.4.1"}}`;
    }
  }
}

function renderRollup(check: BenchCheck, day: string, dayStartMs: number, nowMs: number): string {
  const statuses = planDay(check.index, Math.floor(dayStartMs / DAY_MS), nowMs, dayStartMs);
  const samples = { up: 0, degraded: 0, down: 0 };
  for (const code of statuses) samples[STATUS_CODES[code] as 'up' | 'degraded' | 'down']++;
  const durations = {
    up: samples.up * INTERVAL_MS,
    degraded: samples.degraded * INTERVAL_MS,
    down: samples.down * INTERVAL_MS,
  };
  const uptime = (durations.up + durations.degraded) / DAY_MS;
  const p50 = round1(check.baselineMs * 1.2);
  const metrics =
    check.kind === 'http'
      ? `{"latencyMs":{"mean":${p50},"max":${round1(p50 * 5)}},"bodyBytes":{"mean":5000,"max":5999}}`
      : check.kind === 'tcp'
        ? `{"connectMs":{"mean":${round1(p50 / 3)},"max":${round1(p50 * 2)}}}`
        : `{"queueDepth":{"mean":20,"max":39},"exitCode":{"mean":0,"max":0}}`;
  return `{"v":1,"day":"${day}","id":"${check.id}","samples":{"up":${samples.up},"degraded":${samples.degraded},"down":${samples.down},"maintenance":0,"unknown":0},"durationsMs":{"up":${durations.up},"degraded":${durations.degraded},"down":${durations.down},"maintenance":0,"unknown":0},"uptime":${uptime},"latencyMs":{"p50":${p50},"p95":${round1(p50 * 2.5)},"max":${round1(p50 * 6)}},"metrics":${metrics}}\n`;
}

type IncidentRole = 'open' | 'in-progress' | 'scheduled' | 'completed' | 'resolved';

/**
 * The role of incident n of count: mostly resolved incidents, some completed maintenance, one open
 * incident, one maintenance in progress and two scheduled ahead.
 */
function pickIncidentRole(n: number, count: number): IncidentRole {
  if (n === count - 1) return 'open';
  if (n === count - 2) return 'in-progress';
  if (n === count - 3 || n === count - 4) return 'scheduled';
  return n % 12 === 0 ? 'completed' : 'resolved';
}

/** Incident n of count in its role, spread over the bar's days (spanDays). */
function renderIncident(
  n: number,
  count: number,
  role: IncidentRole,
  checks: readonly BenchCheck[],
  nowMs: number,
  spanDays: number,
): { fileName: string; text: string } {
  const pick = (salt: number) => checks[hash(n, salt) % checks.length]?.id ?? 'svc-0001';
  const affected = [...new Set([pick(1), pick(2), pick(3)].slice(0, 1 + (hash(n, 4) % 3)))];
  const impact = (['minor', 'major', 'critical', 'minor'] as const)[hash(n, 5) % 4];
  const isMaintenance = role === 'in-progress' || role === 'scheduled' || role === 'completed';
  const startMs =
    role === 'open'
      ? nowMs - 40 * 60_000
      : role === 'in-progress'
        ? nowMs - 30 * 60_000
        : role === 'scheduled'
          ? nowMs + (2 + (count - n)) * DAY_MS
          : nowMs - (1 + (hash(n, 6) % (spanDays - 1))) * DAY_MS - (hash(n, 7) % 1000) * 60_000;
  const durationMs = (20 + (hash(n, 8) % 160)) * 60_000;
  const endMs = startMs + durationMs;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const title = isMaintenance
    ? `Planned upgrade of service group ${1 + (hash(n, 9) % 40)}`
    : `Errors and slow responses on ${affected[0]}`;
  const statusLine = {
    open: 'investigating',
    'in-progress': 'in-progress',
    scheduled: 'scheduled',
    completed: 'completed',
    resolved: 'resolved',
  }[role];
  const updates = isMaintenance
    ? [
        [
          Math.min(startMs - DAY_MS, nowMs - 3_600_000),
          'scheduled',
          'The services will be **unavailable** for up to three hours.',
        ],
        ...(role === 'completed' ? [[endMs, 'completed', 'The upgrade is complete.']] : []),
      ]
    : [
        [startMs + 5 * 60_000, 'investigating', 'We are investigating errors returned by the service.'],
        ...(role === 'resolved'
          ? [
              [
                startMs + 15 * 60_000,
                'identified',
                'A full disk on the database host; we are freeing space.',
              ],
              [
                endMs,
                'resolved',
                'Space was freed and errors have stopped. See the [runbook](https://help.example.org/disk).',
              ],
            ]
          : []),
      ];
  const frontmatter = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `kind: ${isMaintenance ? 'maintenance' : 'incident'}`,
    `impact: ${isMaintenance ? 'none' : impact}`,
    `status: ${statusLine}`,
    `affected: [${affected.join(', ')}]`,
    `start: ${iso(startMs)}`,
    ...(role === 'open' ? [] : [`end: ${iso(endMs)}`]),
    'updates:',
    ...updates.flatMap(([at, status, text]) => [
      `  - at: ${iso(at as number)}`,
      `    status: ${status}`,
      `    text: ${JSON.stringify(text)}`,
    ]),
    '---',
  ];
  const body = isMaintenance
    ? 'The listed services move to new hardware. Jobs submitted during the window wait in the queue.\n'
    : 'About a third of requests failed with HTTP 503.\n\n## Postmortem\n\nThe disk alert fired too late; its threshold is now 80 %.\n';
  const fileName = `${toUtcDay(startMs)}-bench-${isMaintenance ? 'maintenance' : 'incident'}-${n + 1}.md`;
  return { fileName, text: `${frontmatter.join('\n')}\n${body}` };
}

async function writeDataFile(dataDir: string, relativePath: string, text: string): Promise<number> {
  const filePath = path.join(dataDir, relativePath);
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, text);
  return Buffer.byteLength(text);
}

const startOfDay = (epochMs: number) => Math.floor(epochMs / DAY_MS) * DAY_MS;
const round1 = (value: number) => Math.round(value * 10) / 10;

// A murmur-style mix of two integers: a stable 32-bit hash, so data sets never depend on Math.random.
function hash(a: number, b: number): number {
  let h = Math.imul((a | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b | 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      components: { type: 'string', default: '200' },
      out: { type: 'string' },
      days: { type: 'string', default: '14' },
      incidents: { type: 'string' },
    },
  });
  if (values.out === undefined) {
    console.error(
      'usage: node test/bench/generate-site-data.ts --components N --out DIR [--days D] [--incidents M]',
    );
    process.exit(2);
  }
  const startedAt = performance.now();
  const data = await generateSiteData({
    outDir: path.resolve(values.out),
    components: Number(values.components),
    days: Number(values.days),
    ...(values.incidents === undefined ? {} : { incidents: Number(values.incidents) }),
  });
  console.log(
    `${data.components} components on ${data.sources} sources: ${data.results.toLocaleString('en')} results, ` +
      `${data.rollupLines.toLocaleString('en')} rollup lines, ${data.incidents} incidents, ` +
      `${(data.bytesWritten / 1_048_576).toFixed(0)} MB in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n` +
      `  vigil build --config ${data.configPath} --data ${data.dataDir}`,
  );
}
