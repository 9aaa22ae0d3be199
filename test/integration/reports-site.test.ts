// Issue 20: monthly uptime reports. A real Astro build, at a fixed clock, of six components with
// 5-minute runs over the 14-day retention and daily rollups back over three earlier months: /reports/
// lists the months, each month's page and CSV (parsed back by Python's csv module) give the figures,
// and a month's figures are its days exactly as the 90-day bar shows them.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUptime } from '../../src/lib/format.ts';
import { generateSiteData, type SiteData } from '../bench/generate-site-data.ts';
import { buildSite } from '../helpers/build-site.ts';

// A fixed noon: 14 days of runs back to the 6th of November, rollups from the 9th of August.
const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
// The first component's name, rewritten to need CSV quoting and to start like a formula.
const TRICKY_NAME = '=HYPERLINK("x"), 東京';

interface DayEntry {
  day: string;
  uptime: number | null;
  downMs: number;
  degradedMs: number;
  maintenanceMs: number;
}

let dir: string;
let site: SiteData;
let outDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-reports-'));
  site = await generateSiteData({
    outDir: join(dir, 'site'),
    components: 6,
    incidents: 8,
    rollupDays: 90,
    nowMs: NOW_MS,
  });
  const config = await readFile(site.configPath, 'utf8');
  await writeFile(
    site.configPath,
    config.replace('name: "Service 1"', `name: ${JSON.stringify(TRICKY_NAME)}`),
  );
  outDir = join(dir, 'dist');
  await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir, buildTimeMs: NOW_MS });
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readOut = (path: string) => readFile(join(outDir, path), 'utf8');

/** The CSV as Python's csv module reads it (a real RFC 4180 reader), BOM dropped by utf-8-sig. */
function parseCsv(path: string): string[][] {
  const script = `import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    print(json.dumps(list(csv.reader(f, strict=True))))`;
  return JSON.parse(execFileSync('python3', ['-c', script, join(outDir, path)], { encoding: 'utf8' }));
}

async function readBarDays(id: string, month: string): Promise<DayEntry[]> {
  const document = JSON.parse(await readOut(`api/vigil/components/${id}.json`)) as { daily: DayEntry[] };
  return document.daily.filter((entry) => entry.day.startsWith(month));
}

describe('monthly reports', () => {
  it('lists every month the data covers, newest first, each with its overall uptime', async () => {
    const html = await readOut('reports/index.html');
    const months = [...html.matchAll(/data-month="([\d-]+)"/g)].map((match) => match[1]);
    expect(months).toEqual(['2026-11', '2026-10', '2026-09', '2026-08']);
    expect(html).toContain('href="/reports/2026-10/"');
    expect(html).toContain('href="/reports/2026-10.csv"');
    expect(html).toMatch(/November 2026<\/a>\s*<span class="muted"[^>]*> \(to date\)/);
    for (const month of months)
      expect(html).toMatch(
        new RegExp(
          `data-month="${month}"[\\s\\S]*?data-uptime[^>]*>\\s*<span class="uptime"[^>]*>\\d+(\\.\\d+)?%<`,
        ),
      );
  });

  it('writes one CSV row per component, quoted and guarded, that Python reads back', () => {
    const rows = parseCsv('reports/2026-10.csv');
    expect(rows[0]).toEqual([
      'id',
      'name',
      'group',
      'uptime_ratio',
      'downtime_seconds',
      'degraded_seconds',
      'maintenance_seconds',
      'no_data_seconds',
      'incidents',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows[1]?.slice(0, 3)).toEqual(['svc-0001', `'${TRICKY_NAME}`, 'Service group 1']);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(9);
      expect(Number(row[3])).toBeGreaterThan(0.9);
      expect(row[7]).toBe('0');
    }
  });

  it("makes a whole month of rollups the sum of the bar's days", async () => {
    const rows = parseCsv('reports/2026-10.csv').slice(1);
    for (const row of rows) {
      const days = await readBarDays(row[0] as string, '2026-10');
      expect(days).toHaveLength(31);
      const sum = (pick: (day: DayEntry) => number) => days.reduce((total, day) => total + pick(day), 0);
      expect(Number(row[4])).toBe(Math.round(sum((day) => day.downMs) / 1000));
      expect(Number(row[5])).toBe(Math.round(sum((day) => day.degradedMs) / 1000));
      expect(Number(row[6])).toBe(Math.round(sum((day) => day.maintenanceMs) / 1000));
      // Every rollup day has a whole day with a verdict here: the month's ratio is the days' mean.
      const expected = sum((day) => day.uptime ?? 0) / days.length;
      // The CSV rounds the ratio down to six places.
      expect(expected - Number(row[3])).toBeGreaterThan(-1e-9);
      expect(expected - Number(row[3])).toBeLessThan(1e-6);
    }
  });

  it('makes the current month, straddling rollups and raw runs, its days to date', async () => {
    const rows = parseCsv('reports/2026-11.csv').slice(1);
    const spanSeconds = (NOW_MS - Date.UTC(2026, 10, 1)) / 1000;
    for (const row of rows) {
      const days = await readBarDays(row[0] as string, '2026-11');
      expect(days).toHaveLength(20);
      const sum = (pick: (day: DayEntry) => number) => days.reduce((total, day) => total + pick(day), 0);
      const [down, degraded, maintenance, noData] = row.slice(4, 8).map(Number) as number[];
      expect(down).toBe(Math.round(sum((day) => day.downMs) / 1000));
      expect(degraded).toBe(Math.round(sum((day) => day.degradedMs) / 1000));
      expect(maintenance).toBe(Math.round(sum((day) => day.maintenanceMs) / 1000));
      // The runs begin at 12:05 on the 6th (its rollup is set aside, as in the bar): half a day without data.
      expect(noData ?? 0).toBeGreaterThanOrEqual(12 * 3600);
      const judged = spanSeconds - (noData ?? 0) - (maintenance ?? 0);
      expect(Number(row[3])).toBeCloseTo(1 - (down ?? 0) / judged, 5);
    }
  });

  it("prints a month's page: overall, per group and component, incidents, and what is incomplete", async () => {
    const html = await readOut('reports/2026-11/index.html');
    expect(html).toMatch(/<h1[^>]*>Uptime report: November 2026<\/h1>/);
    expect(html).toContain('data-report-to-date');
    expect(html).toContain('href="/reports/2026-11.csv"');
    const rows = parseCsv('reports/2026-11.csv').slice(1);
    for (const row of rows) {
      const cell = new RegExp(
        `data-report-component="${row[0]}"[\\s\\S]*?data-cell="uptime"[^>]*>\\s*<span class="uptime"[^>]*>([^<]+)<`,
      ).exec(html);
      expect(cell?.[1]).toBe(formatUptime(Number(row[3])));
    }
    expect(html).toMatch(/data-report-overall[^>]*>\s*<span class="uptime"[^>]*>\d+(\.\d+)?%</);
    expect(html).toContain('data-report-group="group-1"');
    expect(html).toContain('Times are summed over the components');
    // The open incident is listed with no end yet; the month's maintenance with its window.
    const entries = (key: string) =>
      html.split(`data-report-entries="${key}"`)[1]?.split('</section>')[0] ?? '';
    expect(entries('incidents')).toMatch(/data-report-entry="[^"]+-incident-8"[\s\S]*<td[^>]*>Ongoing</);
    expect(entries('maintenances')).toMatch(
      /data-report-entry="[^"]+-maintenance-7"[\s\S]*11:30 UTC[\s\S]*11:51 UTC/,
    );

    const august = await readOut('reports/2026-08/index.html');
    expect(august).toContain('Data start on 9 August 2026');
    expect(august).not.toContain('data-report-to-date');
  });

  it('links the reports from every page footer', async () => {
    const html = await readOut('index.html');
    expect(html).toMatch(/<footer[\s\S]*href="\/reports\/"[^>]*>Reports</);
  });
});
