import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';
import { openPage } from '../helpers/watched-page.ts';

// Issue 16, item 4: an email provider's mailing list offered in the front page's Subscribe menu,
// and nothing else of the provider (host, user, password, recipients) published in dist/.

const DAY_MS = 24 * 60 * 60_000;
const INTERVAL_MS = 5 * 60_000;
const ARTIFACTS_DIR = path.resolve('test-artifacts');
const SMTP_HOST = 'smtp-relay-9.lab.internal';
const SMTP_USER = 'vigil-mailer-user';
const SMTP_PASSWORD = 'smtp-pa55word-never-published';
const OPS_ADDRESS = 'oncall-private@lab.internal';

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

describe('email subscriptions on a static site', () => {
  let tempDir: string;
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-email-subscribe-'));
    const dataDir = path.join(tempDir, 'data');
    outDir = path.join(tempDir, 'dist');
    const nowMs = Date.now();
    await writeSnapshotFixtures(
      dataDir,
      generateSnapshotLines({
        source: 'lab',
        checkIds: ['web'],
        from: new Date(Math.floor(nowMs / INTERVAL_MS) * INTERVAL_MS - 14 * DAY_MS),
        to: new Date(nowMs),
        intervalMs: INTERVAL_MS,
        statusAt: () => 'up',
      }),
    );
    const configPath = path.join(tempDir, 'status.config.yaml');
    process.env.VIGIL_E2E_SMTP_PASSWORD = SMTP_PASSWORD;
    await writeFile(
      configPath,
      stringify({
        site: { title: 'Mail lab', url: 'https://status.example.org', interval: '5m' },
        sources: [{ id: 'lab', name: 'Lab collector' }],
        alerts: {
          providers: [
            {
              id: 'announce',
              type: 'email',
              host: SMTP_HOST,
              username: SMTP_USER,
              password: '${VIGIL_E2E_SMTP_PASSWORD}',
              from: 'Vigil <vigil@example.org>',
              to: ['status-announce@example.org', OPS_ADDRESS],
              subscribe: {
                address: 'status-announce@example.org',
                instructions: 'Write to the list with "subscribe" as the subject.',
              },
            },
          ],
        },
        checks: [{ id: 'web', name: 'Website', type: 'http', url: 'https://www.example.org/' }],
      }),
    );
    await buildSite({ configPath, dataDir, outDir });
    server = await serveStatic(outDir);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    delete process.env.VIGIL_E2E_SMTP_PASSWORD;
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('offers the list as "Email" beside the feeds, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await openPage(context, `${server.origin}/`);
    const menu = page.locator('[data-subscribe-menu]');
    await menu.getByText('Subscribe', { exact: true }).click();
    const email = menu.locator('[data-subscribe-way="email"]');
    await expect(email.locator('a').getAttribute('href')).resolves.toBe('mailto:status-announce@example.org');
    await expect(email.innerText()).resolves.toBe(
      'Email · status-announce@example.org · Write to the list with "subscribe" as the subject.',
    );
    await expect(menu.locator('.subscribe-list > li a').allTextContents()).resolves.toEqual([
      'Email',
      'RSS feed',
      'Atom feed',
      'Calendar',
      'JSON API',
      'Badges',
    ]);
    await context.close();
  });

  it('publishes no SMTP host, user, password or private recipient anywhere in dist/', async () => {
    for (const secret of [SMTP_HOST, SMTP_USER, SMTP_PASSWORD, OPS_ADDRESS])
      await expect(findFilesContaining(outDir, secret), secret).resolves.toEqual([]);
  });

  it('screenshots the open menu, light and dark, at 375 and 1280 px', async () => {
    for (const width of [375, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 700 }, colorScheme });
        const { page, problems } = await openPage(context, `${server.origin}/`);
        await page.locator('[data-subscribe-menu] summary').click();
        await page.screenshot({
          path: path.join(ARTIFACTS_DIR, `email-subscribe-${width}-${colorScheme}.png`),
        });
        expect(problems).toEqual([]);
        await context.close();
      }
    }
  });
});
