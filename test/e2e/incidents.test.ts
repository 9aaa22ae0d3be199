import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CheckStatus } from '../../core/model/index.ts';
import { buildSite } from '../helpers/build-site.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

const CONFIG_PATH = fileURLToPath(new URL('../fixtures/incidents/status.config.yaml', import.meta.url));
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Markdown a hostile or careless pull request could carry; each payload would set window.__xss. */
const XSS_MARKDOWN = `Plain **bold** text and a [safe link](https://www.example.org/).

<script>window.__xss = 1</script>
<img alt="a" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__xss = 2">
[click me](javascript:window.__xss=3)
<a href="JaVaScRiPt:window.__xss=4">mixed case</a>
<svg onload="window.__xss = 5"><circle r="1"/></svg>
<iframe src="javascript:window.__xss=6"></iframe>
<details open ontoggle="window.__xss = 7"><summary>s</summary>d</details>
<div style="background:url(javascript:window.__xss=8)" onmouseover="window.__xss = 9">hover</div>
<form action="javascript:window.__xss=10"><button>send</button></form>
<object data="javascript:window.__xss=11"></object>
<math><mtext><table><mglyph><style><img alt="b" onerror="window.__xss = 12">
`;

async function writeIncident(dataDir: string, name: string, frontmatter: object, body = 'Details.\n') {
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await writeFile(
    path.join(dataDir, 'incidents', `${name}.md`),
    `---\n${stringify(frontmatter)}---\n${body}`,
  );
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/**
 * One day of runs, all up but the database, which is down during a maintenance that began 30 minutes
 * ago; an active API incident; a maintenance of the website starting in two minutes; a resolved
 * incident full of XSS payloads; a draft; and 30 older entries so the history has two pages.
 */
async function writeScenario(dataDir: string, nowMs: number): Promise<void> {
  const maintenanceStartMs = nowMs - 30 * MINUTE_MS;
  const statusAt = (id: string, t: number): CheckStatus =>
    id === 'db' && t >= maintenanceStartMs ? 'down' : 'up';
  const lines = generateSnapshotLines({
    source: 'main',
    checkIds: ['web', 'api', 'db', 'queue'],
    from: new Date(nowMs - DAY_MS),
    to: new Date(nowMs),
    intervalMs: 5 * MINUTE_MS,
    statusAt,
  });
  await writeSnapshotFixtures(dataDir, lines);
  const day = (epochMs: number) => iso(epochMs).slice(0, 10);
  await writeIncident(dataDir, `${day(nowMs)}-api-errors`, {
    title: 'API errors for some requests',
    impact: 'major',
    status: 'identified',
    affected: ['api'],
    start: iso(nowMs - HOUR_MS),
    updates: [
      { at: iso(nowMs - 50 * MINUTE_MS), status: 'investigating', text: 'We are looking into API errors.' },
      { at: iso(nowMs - 20 * MINUTE_MS), status: 'identified', text: 'A bad deploy; **rolling back** now.' },
    ],
  });
  await writeIncident(dataDir, `${day(maintenanceStartMs)}-database-upgrade`, {
    title: 'Database upgrade',
    kind: 'maintenance',
    impact: 'none',
    status: 'in-progress',
    affected: ['db'],
    start: iso(maintenanceStartMs),
    end: iso(nowMs + 90 * MINUTE_MS),
    updates: [{ at: iso(nowMs - DAY_MS), status: 'scheduled', text: 'The database moves to PostgreSQL 17.' }],
  });
  await writeIncident(dataDir, `${day(nowMs + 2 * MINUTE_MS)}-web-server-restart`, {
    title: 'Web server restart',
    kind: 'maintenance',
    impact: 'none',
    status: 'scheduled',
    affected: ['web'],
    start: iso(nowMs + 2 * MINUTE_MS),
    end: iso(nowMs + HOUR_MS),
    updates: [{ at: iso(nowMs - HOUR_MS), status: 'scheduled', text: 'A short restart of the web server.' }],
  });
  await writeIncident(
    dataDir,
    `${day(nowMs - DAY_MS)}-queue-stalled`,
    {
      title: 'Job queue stalled',
      impact: 'critical',
      status: 'resolved',
      affected: [{ id: 'queue', impact: 'critical' }],
      start: iso(nowMs - DAY_MS),
      end: iso(nowMs - DAY_MS + 45 * MINUTE_MS),
      updates: [
        { at: iso(nowMs - DAY_MS + 5 * MINUTE_MS), status: 'investigating', text: XSS_MARKDOWN },
        { at: iso(nowMs - DAY_MS + 45 * MINUTE_MS), status: 'resolved', text: 'Fixed. <b>bold</b>' },
      ],
    },
    XSS_MARKDOWN,
  );
  await writeIncident(dataDir, `${day(nowMs)}-queue-auto`, {
    title: 'Job queue is down (draft)',
    impact: 'major',
    status: 'investigating',
    affected: ['queue'],
    start: iso(nowMs - 10 * MINUTE_MS),
    draft: true,
  });
  for (let index = 0; index < 30; index++) {
    const startMs = nowMs - (3 + index) * DAY_MS;
    const isMaintenance = index % 6 === 5;
    await writeIncident(dataDir, `${day(startMs)}-old-${index}`, {
      title: `${isMaintenance ? 'Old maintenance' : 'Old incident'} ${index}`,
      kind: isMaintenance ? 'maintenance' : 'incident',
      impact: isMaintenance ? 'none' : 'minor',
      status: isMaintenance ? 'completed' : 'resolved',
      affected: [index % 2 === 0 ? 'web' : 'infra'],
      start: iso(startMs),
      end: iso(startMs + HOUR_MS),
    });
  }
}

const statusOf = (page: Page, id: string) =>
  page.locator(`[data-component="${id}"] .status-label`).textContent();

describe('incidents and maintenance on the built site', () => {
  let tempDir: string;
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-incidents-'));
    const dataDir = path.join(tempDir, 'data');
    outDir = path.join(tempDir, 'dist');
    await writeScenario(dataDir, Date.now());
    await buildSite({ configPath: CONFIG_PATH, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('leads the front page with active incidents, maintenance in progress and upcoming maintenance', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const current = page.locator('[data-incident-list="current"] > li');
    await expect(current.locator('h3').allTextContents()).resolves.toEqual([
      'API errors for some requests',
      'Database upgrade',
    ]);
    await expect(current.first().locator('.incident-latest').textContent()).resolves.toContain(
      'A bad deploy; rolling back now.',
    );
    await expect(page.locator('[data-incident-list="upcoming"] h3').allTextContents()).resolves.toEqual([
      'Web server restart',
    ]);
    // The current incidents come before the groups of components.
    const order = await page.evaluate(() => {
      const incidents = document.querySelector('[data-incident-list="current"]');
      const group = document.querySelector('.group');
      return incidents && group ? incidents.compareDocumentPosition(group) : 0;
    });
    expect(order & 4 /* DOCUMENT_POSITION_FOLLOWING */).toBeTruthy();
    // Probes see the API up, but the incident says major: the page says so.
    await expect(statusOf(page, 'api')).resolves.toBe('Major outage');
    // The database is down inside its maintenance window: under maintenance, and not held against uptime.
    await expect(statusOf(page, 'db')).resolves.toBe('Under maintenance');
    await expect(
      page.locator('[data-component="db"] dd[data-window="24h"]').textContent(),
    ).resolves.toContain('100%');
    await expect(statusOf(page, 'web')).resolves.toBe('Operational');
    await expect(page.content()).resolves.not.toContain('(draft)');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('moves a maintenance from upcoming to in progress by the browser clock', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.clock.install({ time: new Date() });
    await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    const restart = page.locator('li', { has: page.getByRole('link', { name: 'Web server restart' }) });
    await expect(restart.getAttribute('data-phase')).resolves.toBe('upcoming');
    await page.clock.fastForward('05:00');
    await expect(restart.getAttribute('data-phase')).resolves.toBe('in-progress');
    await expect(restart.locator('[data-phase-label]').textContent()).resolves.toBe('In progress');
    await expect(
      page
        .locator('[data-incident-list="current"]')
        .getByRole('link', { name: 'Web server restart' })
        .count(),
    ).resolves.toBe(1);
    await expect(
      page.locator('[data-incident-list="upcoming"]').locator('xpath=ancestor::section').isHidden(),
    ).resolves.toBe(true);
    await expect(statusOf(page, 'web')).resolves.toBe('Under maintenance');
    // Past its end it is completed and leaves the front page.
    await page.clock.fastForward('01:00:00');
    await expect(restart.isHidden()).resolves.toBe(true);
    // No longer under maintenance; an hour past the newest data, the staleness rule may say No data.
    await expect(statusOf(page, 'web')).resolves.toMatch(/^(Operational|No data)/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists the history by month, paginated, with filters that search every page', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.origin}/incidents/`);
    await expect(page.locator('[data-incident-row]').count()).resolves.toBe(25);
    await expect(page.locator('[data-incident-month] h2').first().textContent()).resolves.toMatch(
      /^\w+ \d{4}$/,
    );
    await expect(
      page.locator('[data-history-pagination] a[data-history-page]').getAttribute('href'),
    ).resolves.toBe('/incidents/page/2/');
    await page.locator('select[name="kind"]').selectOption('maintenance');
    await page.locator('[data-filter-status]').filter({ hasText: 'matching' }).waitFor();
    const visibleTitles = await page.locator('[data-incident-row]:not([hidden]) h3').allTextContents();
    expect(visibleTitles).toHaveLength(7);
    expect(visibleTitles.every((title) => /maintenance|upgrade|restart/i.test(title))).toBe(true);
    await page.locator('select[name="kind"]').selectOption('');
    await page.locator('select[name="component"]').selectOption('api');
    await expect(page.locator('[data-incident-row]:not([hidden]) h3').allTextContents()).resolves.toEqual([
      'API errors for some requests',
    ]);
    expect(problems).toEqual([]);

    const second = await openPage(context, `${server.origin}/incidents/page/2/`);
    await expect(second.page.locator('[data-incident-row]').count()).resolves.toBe(9);
    expect(second.problems).toEqual([]);
    await context.close();
  });

  it('shows an incident page with its timeline, duration and affected components, and no XSS', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.origin}/incidents/`);
    await page.getByRole('link', { name: 'Job queue stalled' }).click();
    await page.waitForURL(/\/incidents\/[\d-]+queue-stalled\/$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Job queue stalled');
    await expect(page.locator('.incident-facts').textContent()).resolves.toContain('45 min');
    await expect(page.locator('.incident-facts a').getAttribute('href')).resolves.toBe('/components/queue/');
    await expect(page.locator('.incident-timeline > li h3').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Resolved/),
      expect.stringMatching(/^Investigating/),
    ]);
    await expect(page.locator('.incident-body strong').textContent()).resolves.toBe('bold');
    await expect(page.locator('.incident-timeline b').textContent()).resolves.toBe('bold');
    await page.locator('.incident-markdown div').first().hover();
    const leftovers = await page.evaluate(() => {
      const markdown = [...document.querySelectorAll('.incident-markdown')];
      const elements = markdown.flatMap((block) => [...block.querySelectorAll('*')]);
      return {
        xss: (window as { __xss?: unknown }).__xss,
        scripts: markdown.flatMap((block) => [
          ...block.querySelectorAll('script, iframe, object, style, svg, form'),
        ]).length,
        handlers: elements.flatMap((element) =>
          element.getAttributeNames().filter((name) => name.startsWith('on') || name === 'style'),
        ),
        javascriptUrls: elements.flatMap((element) =>
          ['href', 'src', 'action', 'data']
            .map((name) => element.getAttribute(name) ?? '')
            .filter((value) => /^\s*javascript:/i.test(value) || /^data:/i.test(value)),
        ),
      };
    });
    expect(leftovers).toEqual({ xss: undefined, scripts: 0, handlers: [], javascriptUrls: [] });
    await expect(page.getByRole('link', { name: 'safe link' }).first().getAttribute('href')).resolves.toBe(
      'https://www.example.org/',
    );
    expect(problems).toEqual([]);

    const component = await openPage(context, `${server.origin}/components/queue/`);
    // The queue's own incident, and the 15 old ones that named its group.
    const touched = await component.page.locator('#component-incidents-heading + ul h3').allTextContents();
    expect(touched[0]).toBe('Job queue stalled');
    expect(touched).toHaveLength(16);
    expect(component.problems).toEqual([]);
    await context.close();
  });

  it('publishes RSS and Atom feeds that a browser parses as XML, without the draft or scripts', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, `${server.origin}/incidents/`);
    const feeds = await page.evaluate(async () => {
      const parse = async (url: string) => {
        const text = await (await fetch(url)).text();
        const document = new DOMParser().parseFromString(text, 'application/xml');
        return {
          parseErrors: document.getElementsByTagName('parsererror').length,
          root: document.documentElement.nodeName,
          titles: [...document.querySelectorAll('item > title, entry > title')].map(
            (node) => node.textContent,
          ),
          html: [...document.querySelectorAll('item > description, item > *|encoded, entry > content')]
            .map((node) => node.textContent ?? '')
            .join('\n'),
          links: [...document.querySelectorAll('item > link, entry > link')].map(
            (node) => node.textContent || node.getAttribute('href'),
          ),
        };
      };
      return { rss: await parse('/feed.xml'), atom: await parse('/feed.atom') };
    });
    for (const feed of [feeds.rss, feeds.atom]) {
      expect(feed.parseErrors).toBe(0);
      expect(feed.titles.slice(0, 2)).toEqual([
        'API errors for some requests: Identified',
        'API errors for some requests: Investigating',
      ]);
      expect(feed.titles).toContain('Web server restart: Scheduled');
      expect(feed.titles.join('\n')).not.toContain('(draft)');
      expect(feed.html).toContain('<strong>rolling back</strong>');
      // Payloads survive only as inert, escaped text: no script element, handler attribute or javascript: URL.
      expect(feed.html).toContain('&lt;img alt="b" onerror');
      expect(feed.html).not.toMatch(/<script|<[^>]*\son\w+=|(href|src|action|data)="\s*javascript:/i);
      expect(feed.links[0]).toMatch(/^https:\/\/status\.example\.org\/incidents\/[\d-]+api-errors\/$/);
    }
    expect(feeds.rss.root).toBe('rss');
    expect(feeds.atom.root).toBe('feed');
    await context.close();
  });

  it('publishes a maintenance calendar that ical.js reads', async () => {
    const text = await (await fetch(`${server.origin}/maintenance.ics`)).text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    // Upcoming and in-progress maintenance, and what ended in the last 30 days.
    expect(events.map((event) => event.summary).sort()).toEqual([
      'Database upgrade',
      'Old maintenance 11',
      'Old maintenance 17',
      'Old maintenance 23',
      'Old maintenance 5',
      'Web server restart',
    ]);
    for (const event of events) {
      expect(event.uid).toMatch(/@status\.example\.org$/);
      expect(event.endDate.compare(event.startDate)).toBe(1);
    }
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('serves incidents and maintenance in the Statuspage API shape', async () => {
    const read = async (file: string) => JSON.parse(await readFile(path.join(outDir, file), 'utf8'));
    const unresolved = await read('api/v2/incidents/unresolved.json');
    expect(unresolved.incidents.map((incident: { name: string }) => incident.name)).toEqual([
      'API errors for some requests',
    ]);
    expect(unresolved.incidents[0]).toMatchObject({
      status: 'identified',
      impact: 'major',
      components: [expect.objectContaining({ id: 'api', status: 'major_outage' })],
      incident_updates: [expect.objectContaining({ status: 'identified' }), expect.anything()],
    });
    const all = await read('api/v2/incidents.json');
    expect(all.incidents).toHaveLength(27);
    const upcoming = await read('api/v2/scheduled-maintenances/upcoming.json');
    expect(upcoming.scheduled_maintenances).toEqual([
      expect.objectContaining({ name: 'Web server restart', status: 'scheduled', impact: 'maintenance' }),
    ]);
    const active = await read('api/v2/scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances).toEqual([
      expect.objectContaining({ name: 'Database upgrade', status: 'in_progress' }),
    ]);
    const maintenance = await read('api/v2/scheduled-maintenances.json');
    expect(maintenance.scheduled_maintenances).toHaveLength(7);
    const summary = await read('api/v2/summary.json');
    expect(summary.incidents.map((incident: { id: string }) => incident.id)).toEqual([
      unresolved.incidents[0].id,
    ]);
    expect(summary.scheduled_maintenances.map((item: { name: string }) => item.name)).toEqual([
      'Database upgrade',
      'Web server restart',
    ]);
  });

  it('fails the build with the file and field of an invalid incident', async () => {
    const dataDir = path.join(tempDir, 'bad', 'data');
    await writeIncident(dataDir, '2026-11-20-bad', {
      title: 'Resolved but never ended',
      status: 'resolved',
      affected: ['web'],
      start: '2026-11-20T09:00:00Z',
    });
    await expect(
      buildSite({ configPath: CONFIG_PATH, dataDir, outDir: path.join(tempDir, 'bad', 'dist') }),
    ).rejects.toThrow('data/incidents/2026-11-20-bad.md: end: a resolved incident needs an end time');
  });
});
