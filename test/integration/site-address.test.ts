import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { runVigil, type VigilRun } from '../helpers/run-vigil.ts';

// A site published without `site.url` (the shipped default has none) and without `site.pageId`: the
// build says so once, validate lists both, and no output makes up a host (http://localhost/).

const ATOM_RNG = fileURLToPath(new URL('../fixtures/feeds/atom-rfc4287.rng', import.meta.url));
const BUILD_MS = Date.UTC(2026, 10, 22, 12, 0);
const MINUTE_MS = 60_000;

const CONFIG = {
  site: { title: 'Lab status' },
  checks: [
    { id: 'web', name: 'Website', type: 'tcp', host: 'www.example.org', port: 443 },
    { id: 'db', name: 'Database', type: 'tcp', host: 'db.example.org', port: 5432 },
  ],
};

const SITE_URL_WARNING =
  'site.url: not set; the feeds, the calendar, canonical links and the API (page.url, shortlinks) carry paths without a host ("/incidents/…"), and the calendar no event URL. Set it to the address the site is served at, such as "https://status.example.org"';

function readFeedWithPython(file: string): Promise<{ bozo: number; links: string[] }> {
  const script = String.raw`
import json, sys, feedparser
parsed = feedparser.parse(open(sys.argv[1], 'rb').read())
print(json.dumps({'bozo': int(parsed.bozo), 'links': [e.get('link') for e in parsed.entries]}))
`;
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', ['-c', script, file], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

describe('a site without site.url or site.pageId', () => {
  let tempDir: string;
  let configPath: string;
  let dataDir: string;
  let outDir: string;
  let build: VigilRun;
  const read = (file: string) => readFile(path.join(outDir, file), 'utf8');

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-site-address-'));
    configPath = path.join(tempDir, 'status.config.yaml');
    dataDir = path.join(tempDir, 'data');
    outDir = path.join(tempDir, 'dist');
    await writeFile(configPath, stringify(CONFIG));
    await writeSnapshotFixtures(
      dataDir,
      generateSnapshotLines({
        source: 'main',
        checkIds: ['web', 'db'],
        from: new Date(BUILD_MS - 6 * 60 * MINUTE_MS),
        to: new Date(BUILD_MS),
        intervalMs: 5 * MINUTE_MS,
      }),
    );
    await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
    await writeFile(
      path.join(dataDir, 'incidents', '2026-11-22-web-slow.md'),
      `---\n${stringify({
        title: 'Website slow',
        kind: 'incident',
        impact: 'minor',
        status: 'investigating',
        affected: ['web'],
        start: '2026-11-22T10:00:00Z',
        updates: [{ at: '2026-11-22T10:05:00Z', status: 'investigating', text: 'Looking into it.' }],
      })}---\nPages load slowly.\n`,
    );
    await writeFile(
      path.join(dataDir, 'incidents', '2026-11-24-db-patch.md'),
      `---\n${stringify({
        title: 'Database patch',
        kind: 'maintenance',
        impact: 'minor',
        status: 'scheduled',
        affected: ['db'],
        start: '2026-11-24T06:00:00Z',
        end: '2026-11-24T07:00:00Z',
      })}---\nA security patch.\n`,
    );
    build = await runVigil(['build', '--config', configPath, '--data', dataDir, '--out', outDir], {
      env: { VIGIL_BUILD_TIME: String(BUILD_MS) },
    });
  }, 180_000);

  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('vigil build warns once, naming the config and the field, and still builds', () => {
    expect(build.exitCode, build.stderr).toBe(0);
    expect(build.stderr.trim().split('\n')).toEqual([`warning: ${configPath}: ${SITE_URL_WARNING}`]);
    expect(build.stdout).toMatch(/^vigil build: site written to /m);
  });

  it('vigil validate lists both as warnings, suggesting a fresh page id, and passes', async () => {
    const validate = await runVigil(['validate', '--config', configPath, '--data', dataDir]);
    expect(validate.exitCode, validate.stderr).toBe(0);
    const lines = validate.stderr.trim().split('\n');
    expect(lines).toEqual([
      `warning: ${configPath}: ${SITE_URL_WARNING}`,
      expect.stringMatching(
        /: site\.pageId: not set; the API's page\.id is the fixed "status"\. Add a stable id under site:, such as pageId: [a-z0-9]{12}$/,
      ),
    ]);
    expect(validate.stdout).toContain('0 problems, 2 warnings');
    // The suggested id is one site.pageId accepts: with it (and site.url) validate is quiet.
    const pageId = lines[1]?.split('pageId: ').at(-1) ?? '';
    const addressed = path.join(tempDir, 'addressed.yaml');
    await writeFile(
      addressed,
      stringify({ ...CONFIG, site: { ...CONFIG.site, url: 'https://status.example.org', pageId } }),
    );
    const quiet = await runVigil(['validate', '--config', addressed, '--data', dataDir]);
    expect({ exitCode: quiet.exitCode, stderr: quiet.stderr }).toEqual({ exitCode: 0, stderr: '' });
  });

  it('writes no made-up host: feeds and shortlinks carry paths, the calendar no URL, the API "/"', async () => {
    for (const file of [
      'feed.xml',
      'feed.atom',
      'maintenance.ics',
      'api/v2/summary.json',
      'api/v2/incidents.json',
    ])
      expect(await read(file), file).not.toContain('localhost');
    const rss = await readFeedWithPython(path.join(outDir, 'feed.xml'));
    const atom = await readFeedWithPython(path.join(outDir, 'feed.atom'));
    for (const feed of [rss, atom]) {
      expect(feed.bozo).toBe(0);
      expect(feed.links).toEqual(['/incidents/2026-11-24-db-patch/', '/incidents/2026-11-22-web-slow/']);
    }
    expect(await read('feed.xml')).toContain(
      '<atom:link href="/feed.xml" rel="self" type="application/rss+xml"/>',
    );
    const atomXml = await read('feed.atom');
    expect(atomXml).toContain('<id>tag:vigil.invalid,2026:status/feed.atom</id>');
    expect(atomXml).toContain(
      '<id>tag:vigil.invalid,2026:status/incidents/2026-11-22-web-slow/#update-1</id>',
    );
    const rng = await new Promise<string>((resolve) =>
      execFile(
        '/usr/bin/xmllint',
        ['--noout', '--relaxng', ATOM_RNG, path.join(outDir, 'feed.atom')],
        (_e, _o, err) => resolve(err),
      ),
    );
    expect(rng).toBe(`${path.join(outDir, 'feed.atom')} validates\n`);

    const calendar = new ICAL.Component(ICAL.parse(await read('maintenance.ics')));
    const [event] = calendar.getAllSubcomponents('vevent');
    expect(event?.getFirstPropertyValue('uid')).toBe('2026-11-24-db-patch@vigil.invalid');
    expect(event?.getFirstPropertyValue('url')).toBeNull();

    const summary = JSON.parse(await read('api/v2/summary.json'));
    expect(summary.page).toMatchObject({ id: 'status', url: '/' });
    const incidents = JSON.parse(await read('api/v2/incidents.json'));
    expect(incidents.incidents[0]).toMatchObject({
      page_id: 'status',
      shortlink: '/incidents/2026-11-22-web-slow/',
    });
  });
});
