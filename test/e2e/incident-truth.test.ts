import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SnapshotLine } from '../../core/model/snapshot.ts';
import { COMPONENT_STATUS_PRESENTATION } from '../../core/model/status-presentation.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { STATUSPAGE_DOCUMENTS, validateStatuspageDocument } from '../helpers/statuspage-schema.ts';
import { openPage } from '../helpers/watched-page.ts';

// Issue 13, items 3, 5 and 7: what an incident says by the clock, the front page's ways to follow
// it, the Statuspage API's bodies as plain text, and a collector's address kept off the site.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const ARTIFACTS_DIR = path.resolve('test-artifacts');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The collector's name and address: they must appear nowhere in dist/ unless the option is on. */
const COLLECTOR_HOST = 'collector-7.lab.internal';
const COLLECTOR_IP = '198.51.100.23';

/** Markdown a hostile or careless pull request could carry. */
const HOSTILE_MARKDOWN = `Plain **bold** text and a [safe link](https://www.example.org/).

<script>window.__xss = 1</script>
[click me](javascript:window.__xss=3)
<a href="JaVaScRiPt:window.__xss=4">mixed case</a>
<img alt="a" src="x" onerror="window.__xss = 2">
<math><mtext><table><mglyph><style><img alt="b" onerror="window.__xss = 12">
`;

function writeConfig(file: string, showCollectorAddress: boolean): Promise<void> {
  const config = {
    site: { title: 'Truth lab', url: 'https://status.example.org', interval: '5m', showCollectorAddress },
    groups: [{ id: 'core', name: 'Core services' }],
    sources: [{ id: 'lab', name: 'Lab collector' }],
    checks: [
      { id: 'web', name: 'Website', type: 'http', group: 'core', url: 'https://www.example.org/' },
      { id: 'api', name: 'API', type: 'http', group: 'core', url: 'https://api.example.org/health' },
      { id: 'storage', name: 'Storage', type: 'tcp', group: 'core', host: 'nfs.example.org', port: 2049 },
      { id: 'db', name: 'Database', type: 'tcp', host: 'db.example.org', port: 5432 },
      { id: 'box', name: 'Collector host', type: 'host' },
    ],
  };
  return writeFile(file, stringify(config));
}

async function writeIncident(dataDir: string, name: string, frontmatter: object, body = 'Details.\n') {
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await writeFile(
    path.join(dataDir, 'incidents', `${name}.md`),
    `---\n${stringify(frontmatter)}---\n${body}`,
  );
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const day = (epochMs: number) => iso(epochMs).slice(0, 10);

/** A host result naming the machine in its detail, and (as any probe's text might) in its message. */
function withCollectorIdentity(line: SnapshotLine): SnapshotLine {
  return {
    ...line,
    agent: { version: '0.1.0', host: COLLECTOR_HOST, ip: COLLECTOR_IP },
    results: line.results.map((result) =>
      result.id === 'box'
        ? {
            ...result,
            message: `load 0.4, 12% CPU on ${COLLECTOR_HOST} (${COLLECTOR_IP})`,
            metrics: { cpuPercent: 12, cpuCores: 8, memUsedPercent: 40 },
            detail: {
              hostname: COLLECTOR_HOST,
              os: 'Debian GNU/Linux 12',
              kernel: '6.1.0',
              uptime: '3 d',
              cpuModel: 'Example CPU',
              cpuWindow: '250 ms sample',
              filesystems: [],
            },
          }
        : result,
    ),
  };
}

/**
 * Fourteen days of five-minute runs ending now; an open storage incident with an estimate two hours
 * out; an API incident whose frontmatter still says investigating, with an `end` meant as an estimate;
 * a database maintenance that began 30 minutes ago (its file still says scheduled); and a resolved
 * incident yesterday full of hostile markup.
 */
async function writeScenario(dataDir: string, nowMs: number): Promise<void> {
  const fromMs = Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS - 14 * DAY_MS;
  const lines = generateSnapshotLines({
    source: 'lab',
    checkIds: ['web', 'api', 'storage', 'db', 'box'],
    from: new Date(fromMs),
    to: new Date(nowMs),
    intervalMs: INTERVAL_MS,
    statusAt: (id, t) => (id === 'storage' && t >= nowMs - HOUR_MS ? 'degraded' : 'up'),
  });
  await writeSnapshotFixtures(dataDir, lines.map(withCollectorIdentity));
  await writeIncident(dataDir, `${day(nowMs - HOUR_MS)}-storage-slow`, {
    title: 'Storage is slow',
    impact: 'minor',
    status: 'identified',
    affected: ['storage'],
    start: iso(nowMs - HOUR_MS),
    estimatedResolution: iso(nowMs + 2 * HOUR_MS),
    updates: [
      { at: iso(nowMs - 50 * MINUTE_MS), status: 'investigating', text: 'Reads from /home are slow.' },
      { at: iso(nowMs - 20 * MINUTE_MS), status: 'identified', text: 'A failed disk is rebuilding.' },
    ],
  });
  await writeIncident(dataDir, `${day(nowMs - 5 * HOUR_MS)}-api-errors`, {
    title: 'API errors for some requests',
    impact: 'major',
    status: 'investigating',
    affected: ['api'],
    start: iso(nowMs - 5 * HOUR_MS),
    end: iso(nowMs + 3 * HOUR_MS),
    updates: [
      { at: iso(nowMs - 5 * HOUR_MS), status: 'investigating', text: 'We are looking into API errors.' },
      { at: iso(nowMs - 4 * HOUR_MS), status: 'identified', text: 'A bad deploy; **rolling back** now.' },
    ],
  });
  await writeIncident(dataDir, `${day(nowMs - 30 * MINUTE_MS)}-database-upgrade`, {
    title: 'Database upgrade',
    kind: 'maintenance',
    impact: 'none',
    status: 'scheduled',
    affected: ['db'],
    start: iso(nowMs - 30 * MINUTE_MS),
    end: iso(nowMs + 90 * MINUTE_MS),
    updates: [{ at: iso(nowMs - DAY_MS), status: 'scheduled', text: 'The database moves to PostgreSQL 17.' }],
  });
  await writeIncident(
    dataDir,
    `${day(nowMs - DAY_MS)}-web-outage`,
    {
      title: 'Website outage',
      impact: 'critical',
      status: 'resolved',
      affected: ['web'],
      start: iso(nowMs - DAY_MS),
      end: iso(nowMs - DAY_MS + 45 * MINUTE_MS),
      updates: [
        { at: iso(nowMs - DAY_MS + 5 * MINUTE_MS), status: 'investigating', text: HOSTILE_MARKDOWN },
        { at: iso(nowMs - DAY_MS + 45 * MINUTE_MS), status: 'resolved', text: 'Fixed. <b>bold</b>' },
      ],
    },
    HOSTILE_MARKDOWN,
  );
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations on the page as it is now, one line per element. */
async function runAxe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const scope = window as unknown as {
      axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
    };
    return (await scope.axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${violation.help} at ${node.target.join(' ')}`),
  );
}

/** Every file under dir whose text contains needle, relative to dir. */
async function findFilesContaining(dir: string, needle: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hits: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file, 'latin1')).includes(needle)) hits.push(path.relative(dir, file));
  }
  return hits;
}

describe('incidents that tell the truth, ways to subscribe, and a private collector', () => {
  let tempDir: string;
  let outDir: string;
  let shownOutDir: string;
  let server: StaticServer;
  let browser: Browser;
  let nowMs: number;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-incident-truth-'));
    const dataDir = path.join(tempDir, 'data');
    outDir = path.join(tempDir, 'dist');
    shownOutDir = path.join(tempDir, 'dist-shown');
    nowMs = Date.now();
    await writeScenario(dataDir, nowMs);
    const hiddenConfig = path.join(tempDir, 'hidden.config.yaml');
    const shownConfig = path.join(tempDir, 'shown.config.yaml');
    await writeConfig(hiddenConfig, false);
    await writeConfig(shownConfig, true);
    await buildSite({ configPath: hiddenConfig, dataDir, outDir });
    await buildSite({ configPath: shownConfig, dataDir, outDir: shownOutDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('shows an estimate as an estimate, follows the newest update, and never says Resolved while open', async () => {
    const context = await browser.newContext();
    // The reader's clock where the scenario was written, however long the builds took.
    await context.clock.install({ time: new Date(nowMs) });
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const card = (title: string) => page.locator('[data-incident-list="current"] > li', { hasText: title });

    const storage = card('Storage is slow');
    await expect(storage.locator('[data-phase-label]').textContent()).resolves.toBe('Identified');
    await expect(storage.locator('.incident-estimate').innerText()).resolves.toMatch(
      /^Estimated resolution \d{2}:\d{2} UTC \(in 2 h\)$|^Estimated resolution \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in 2 h\)$/,
    );
    // The frontmatter says investigating; the newest update says identified: badge and card follow it.
    const api = card('API errors for some requests');
    await expect(api.locator('[data-phase-label]').textContent()).resolves.toBe('Identified');
    await expect(api.locator('.incident-latest-head').innerText()).resolves.toMatch(/^Identified · /);
    await expect(api.locator('.incident-estimate').innerText()).resolves.toContain('(in 3 h)');
    // A maintenance the clock has started: its latest line is not "Scheduled · <date>".
    const upgrade = card('Database upgrade');
    await expect(upgrade.locator('[data-phase-label]').textContent()).resolves.toBe('In progress');
    await expect(upgrade.locator('.incident-latest-head').innerText()).resolves.toMatch(/^In progress · /);
    await expect(upgrade.innerText()).resolves.not.toMatch(/Scheduled ·/);
    await expect(page.locator('[data-component="db"] .status-label').first().textContent()).resolves.toBe(
      'Under maintenance',
    );
    expect(problems).toEqual([]);

    for (const [slug, estimate] of [
      [`${day(nowMs - HOUR_MS)}-storage-slow`, '(in 2 h)'],
      [`${day(nowMs - 5 * HOUR_MS)}-api-errors`, '(in 3 h)'],
    ] as const) {
      const incident = await openPage(context, `${server.origin}/incidents/${slug}/`);
      const facts = await incident.page.locator('.incident-facts').innerText();
      expect(facts).not.toContain('Resolved');
      expect(facts).toMatch(/Ongoing for/);
      expect(facts).toContain('Estimated resolution');
      expect(facts).toContain(estimate);
      await expect(incident.page.locator('[data-phase-label]').textContent()).resolves.toBe('Identified');
      expect(incident.problems).toEqual([]);
    }
    await context.close();
  });

  it('keeps the estimate current by the browser clock', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date(nowMs) });
    await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    const estimate = page
      .locator('[data-incident-list="current"] > li', { hasText: 'Storage is slow' })
      .locator('[data-estimate-until]');
    await page.clock.fastForward('01:00:00');
    await expect(estimate.textContent()).resolves.toBe('in 1 h');
    await page.clock.fastForward('01:30:00');
    await expect(estimate.textContent()).resolves.toBe('passed 30 min ago');
    await context.close();
  });

  it('leads the front page with a Subscribe menu that works without JavaScript, and lists past days', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await openPage(context, `${server.origin}/`);
    const menu = page.locator('[data-subscribe-menu]');
    await expect(menu.locator('.subscribe-list').isVisible()).resolves.toBe(false);
    await menu.getByText('Subscribe', { exact: true }).click();
    await expect(menu.locator('.subscribe-list').isVisible()).resolves.toBe(true);
    await expect(
      menu.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).resolves.toEqual(['/feed.xml', '/feed.atom', '/maintenance.ics', '/api/v2/summary.json', '/badges/']);
    for (const href of ['/feed.xml', '/feed.atom', '/maintenance.ics', '/api/v2/summary.json', '/badges/']) {
      expect((await fetch(`${server.origin}${href}`)).status, href).toBe(200);
    }
    // Feed readers find both feeds from the page itself.
    await expect(
      page
        .locator('link[rel="alternate"]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('type'))),
    ).resolves.toEqual(expect.arrayContaining(['application/rss+xml', 'application/atom+xml']));
    await expect(page.locator('link[type="application/atom+xml"]').getAttribute('href')).resolves.toBe(
      '/feed.atom',
    );
    // The incident history sits beside the configured links.
    await expect(
      page
        .getByRole('navigation', { name: 'Site links' })
        .getByRole('link', { name: 'Incident history' })
        .getAttribute('href'),
    ).resolves.toBe('/incidents/');

    const days = page.locator('[data-incident-day]');
    await expect(days.count()).resolves.toBe(7);
    await expect(days.first().getAttribute('data-incident-day')).resolves.toBe(day(nowMs));
    const yesterday = page.locator(`[data-incident-day="${day(nowMs - DAY_MS)}"]`);
    await expect(yesterday.locator('a').allTextContents()).resolves.toContain('Website outage');
    await expect(yesterday.innerText()).resolves.toMatch(/Resolved · .* — Fixed\. bold/);
    await expect(
      page.locator(`[data-incident-day="${day(nowMs - 6 * DAY_MS)}"]`).innerText(),
    ).resolves.toContain('No incidents reported.');
    await context.close();
  });

  it('closes the Subscribe menu on Escape and on a click outside, with JavaScript', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${server.origin}/`);
    const menu = page.locator('[data-subscribe-menu]');
    const isOpen = () => menu.evaluate((element) => (element as HTMLDetailsElement).open);
    await menu.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(isOpen()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('RSS feed');
    await page.keyboard.press('Escape');
    await expect(isOpen()).resolves.toBe(false);
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SUMMARY');
    await menu.locator('summary').click();
    await page.locator('h2', { hasText: 'Past incidents' }).click();
    await expect(isOpen()).resolves.toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('serves Statuspage bodies as plain sanitised text, and statuses that agree with the pages', async () => {
    const read = async (file: string) => JSON.parse(await readFile(path.join(outDir, file), 'utf8'));
    const all = await read('api/v2/incidents.json');
    const summary = await read('api/v2/summary.json');
    const maintenance = await read('api/v2/scheduled-maintenances.json');
    const documents = [
      ...all.incidents,
      ...summary.incidents,
      ...summary.scheduled_maintenances,
      ...maintenance.scheduled_maintenances,
    ];
    // A Statuspage consumer reads them unchanged: every document fits the Statuspage shape.
    for (const name of STATUSPAGE_DOCUMENTS) {
      expect(validateStatuspageDocument(name, await read(`api/v2/${name}`))).toEqual([]);
    }
    const bodies: string[] = documents.flatMap((incident: { incident_updates: { body: string }[] }) =>
      incident.incident_updates.map((update) => update.body),
    );
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(body).not.toMatch(/<[a-z/!]/i);
      expect(body).not.toMatch(/javascript:/i);
      expect(body).not.toMatch(/&(lt|gt|amp|#\d+);/);
    }
    const outage = all.incidents.find((incident: { name: string }) => incident.name === 'Website outage');
    expect(outage.incident_updates.map((update: { body: string }) => update.body)).toEqual([
      'Fixed. bold',
      expect.stringMatching(/^Plain bold text and a safe link\.\n/),
    ]);
    expect(outage.incident_updates[1].body).toContain('click me');
    const api = all.incidents.find(
      (incident: { name: string }) => incident.name === 'API errors for some requests',
    );
    expect(api).toMatchObject({ status: 'identified', resolved_at: null });
    expect(api.incident_updates[0].body).toBe('A bad deploy; rolling back now.');
    expect(summary.scheduled_maintenances).toEqual([
      expect.objectContaining({ name: 'Database upgrade', status: 'in_progress' }),
    ]);
    // The feeds say the same: the newest word on the API incident is "Identified".
    const rss = await readFile(path.join(outDir, 'feed.xml'), 'utf8');
    expect(rss).toContain('<title>API errors for some requests: Identified</title>');
    const calendar = await readFile(path.join(outDir, 'maintenance.ics'), 'utf8');
    expect(calendar).toContain('SUMMARY:Database upgrade');
    expect(calendar).not.toMatch(/<script|javascript:/i);
  });

  it('publishes the collector hostname and address nowhere in dist/ unless site.showCollectorAddress is on', async () => {
    await expect(findFilesContaining(outDir, COLLECTOR_HOST)).resolves.toEqual([]);
    await expect(findFilesContaining(outDir, COLLECTOR_IP)).resolves.toEqual([]);
    const context = await browser.newContext();
    const hidden = await openPage(context, `${server.origin}/hosts/lab/`);
    await expect(hidden.page.locator('.liveness').innerText()).resolves.not.toMatch(/Address/);
    await context.close();

    const shownFiles = await findFilesContaining(shownOutDir, COLLECTOR_IP);
    expect(shownFiles).toContain(path.join('hosts', 'lab', 'index.html'));
    const shownPage = await readFile(path.join(shownOutDir, 'hosts', 'lab', 'index.html'), 'utf8');
    expect(shownPage).toContain(COLLECTOR_HOST);
    // The probe's message reaches the API when shown, so the empty search above proves the hiding.
    await expect(findFilesContaining(shownOutDir, COLLECTOR_HOST)).resolves.toContain(
      path.join('api', 'vigil', 'components', 'box.json'),
    );
  });

  it('marks maintenance with a plain glyph, never an emoji', async () => {
    for (const presentation of Object.values(COMPONENT_STATUS_PRESENTATION)) {
      expect(presentation.icon, presentation.label).not.toMatch(
        /\p{Extended_Pictographic}|\p{Emoji_Presentation}/u,
      );
    }
    const context = await browser.newContext();
    const { page } = await openPage(context, `${server.origin}/`);
    const icons = await page.locator('.status-icon').allTextContents();
    expect(icons).toContain(COMPONENT_STATUS_PRESENTATION.under_maintenance.icon);
    for (const icon of icons) expect(icon).not.toMatch(/\p{Extended_Pictographic}|\p{Emoji_Presentation}/u);
    await context.close();
  });

  it('is axe-core clean with the Subscribe menu open, on an incident page and on /badges/, light and dark, at 375 and 1280 px', async () => {
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        await page.goto(`${server.origin}/`, { waitUntil: 'load' });
        await page.locator('[data-subscribe-menu] summary').click();
        const violations = [await runAxe(page)];
        for (const route of [`/incidents/${day(nowMs - 5 * HOUR_MS)}-api-errors/`, '/badges/']) {
          await page.goto(`${server.origin}${route}`, { waitUntil: 'load' });
          violations.push(await runAxe(page));
        }
        expect(violations.flat(), `${width} px, ${colorScheme}`).toEqual([]);
        await context.close();
      }
    }
  });

  it('screenshots the front page and an incident page, light and dark, at 375 and 1280 px', async () => {
    const slug = `${day(nowMs - 5 * HOUR_MS)}-api-errors`;
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        await page.goto(`${server.origin}/`, { waitUntil: 'load' });
        await page.locator('[data-subscribe-menu] summary').click();
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `incidents-front-top-${width}-${colorScheme}.png`),
        });
        await page
          .locator('[data-past-incidents]')
          .screenshot({ path: path.join(ARTIFACTS_DIR, `incidents-past-days-${width}-${colorScheme}.png`) });
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `incidents-front-${width}-${colorScheme}.png`),
          fullPage: true,
        });
        await page.goto(`${server.origin}/incidents/${slug}/`, { waitUntil: 'load' });
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `incidents-page-${width}-${colorScheme}.png`),
          fullPage: true,
        });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await context.close();
      }
    }
  });
});
