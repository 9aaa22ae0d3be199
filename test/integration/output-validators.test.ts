import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import nodeIcal, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildSite } from '../helpers/build-site.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';

// Vigil's machine outputs read by the tools that read them in the field, each the real program:
// Prometheus's promtool (metrics.txt), three iCalendar parsers (ical.js, node-ical, Python's
// icalendar), Python's feedparser, xmllint against RFC 4287's RELAX NG schema, and the W3C feed
// validator itself when a checkout of it is named by VIGIL_FEEDVALIDATOR.

const SYSTEM_PYTHON = '/usr/bin/python3';
const ATOM_RNG = fileURLToPath(new URL('../fixtures/feeds/atom-rfc4287.rng', import.meta.url));
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// A fixed noon: the build, and every date the outputs carry, are the same on every run.
const BUILD_MS = Date.UTC(2026, 10, 22, 12, 0);
const SITE = 'https://status.example.org/status/';
const LONG_LINE = `The nightly copy runs first; then the weekly full backup of every database, which can take most of the hour, so writes may pause for a few seconds at a time, and the archive tier is read-only until it ends.`;

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<Run>((resolve) => {
    const child = execFile(
      file,
      args,
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        const exitCode = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

async function writeIncident(dir: string, slug: string, frontmatter: object, body: string) {
  await writeFile(path.join(dir, `${slug}.md`), `---\n${stringify(frontmatter)}---\n${body}\n`);
}

/** A site with four components (one never collected), two maintenance windows and an incident. */
async function writeValidatorSite(root: string): Promise<{ configPath: string; dataDir: string }> {
  const dataDir = path.join(root, 'data');
  const configPath = path.join(root, 'status.config.yaml');
  await writeFile(
    configPath,
    stringify({
      site: {
        title: 'Lab status',
        url: 'https://status.example.org',
        pageId: 'k7x2m9q4v1ds',
        base: '/status/',
      },
      groups: [{ id: 'core', name: 'Core services' }],
      sources: [{ id: 'main' }],
      checks: [
        { id: 'web', name: 'Website', type: 'http', group: 'core', url: 'https://www.example.org/' },
        { id: 'api', name: 'API', type: 'http', group: 'core', url: 'https://api.example.org/health' },
        { id: 'db', name: 'Database', type: 'tcp', host: 'db.example.org', port: 5432 },
        { id: 'archive', name: 'Archive', type: 'tcp', host: 'archive.example.org', port: 22 },
      ],
    }),
  );
  await writeSnapshotFixtures(
    dataDir,
    generateSnapshotLines({
      source: 'main',
      checkIds: ['web', 'api', 'db'],
      from: new Date(BUILD_MS - 48 * HOUR_MS),
      to: new Date(BUILD_MS),
      intervalMs: 5 * MINUTE_MS,
      statusAt: (id, t) => (id === 'api' && t > BUILD_MS - HOUR_MS ? 'degraded' : 'up'),
    }),
  );
  const incidents = path.join(dataDir, 'incidents');
  await mkdir(incidents, { recursive: true });
  await writeIncident(
    incidents,
    'weekly-backup',
    {
      title: '週次バックアップ (weekly backup)',
      kind: 'maintenance',
      impact: 'minor',
      status: 'scheduled',
      affected: ['db'],
      start: '2026-11-03T02:00:00Z',
      end: '2026-11-03T03:00:00Z',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    },
    `データベースの週次バックアップです。\n\n${LONG_LINE}`,
  );
  await writeIncident(
    incidents,
    '2026-11-20-db-upgrade',
    {
      title: 'Database upgrade',
      kind: 'maintenance',
      impact: 'minor',
      status: 'completed',
      affected: ['db'],
      start: '2026-11-20T06:00:00Z',
      end: '2026-11-20T08:00:00Z',
      updates: [
        { at: '2026-11-18T09:00:00Z', status: 'scheduled', text: 'Planned for Friday morning.' },
        { at: '2026-11-20T06:00:00Z', status: 'in-progress', text: 'Work has **started**.' },
        { at: '2026-11-20T07:45:00Z', status: 'completed', text: 'Done, all checks pass.' },
      ],
    },
    'Upgrade of the database servers to PostgreSQL 17; reads continue, writes pause.',
  );
  await writeIncident(
    incidents,
    '2026-11-25-switch',
    {
      title: 'Network switch replacement',
      kind: 'maintenance',
      impact: 'minor',
      status: 'scheduled',
      affected: ['web', 'api'],
      start: '2026-11-25T06:00:00Z',
      end: '2026-11-25T07:00:00Z',
    },
    'The core switch is replaced; expect two short interruptions.',
  );
  await writeIncident(
    incidents,
    '2026-11-21-api-errors',
    {
      title: 'API errors',
      kind: 'incident',
      impact: 'major',
      status: 'resolved',
      affected: ['api'],
      start: '2026-11-21T09:02:00Z',
      end: '2026-11-21T10:15:00Z',
      updates: [
        { at: '2026-11-21T09:10:00Z', status: 'investigating', text: 'We are looking into API errors.' },
        {
          at: '2026-11-21T09:40:00Z',
          status: 'identified',
          text: 'A deploy exhausted the <b>connections</b>.',
        },
        { at: '2026-11-21T10:15:00Z', status: 'resolved', text: 'Rolled back; errors have stopped.' },
      ],
    },
    'About a third of API requests failed with HTTP 503 & timeouts.',
  );
  return { configPath, dataDir };
}

/** What every parser must read from /maintenance.ics: one event per maintenance, in UID order. */
const EXPECTED_EVENTS = [
  {
    uid: '2026-11-20-db-upgrade@status.example.org',
    summary: 'Database upgrade',
    description: [
      'Upgrade of the database servers to PostgreSQL 17; reads continue, writes pause.',
      'Affects: Database',
      'Updates, newest first:',
      'Completed, 2026-11-20 07:45 UTC\nDone, all checks pass.',
      'In progress, 2026-11-20 06:00 UTC\nWork has started.',
      'Scheduled, 2026-11-18 09:00 UTC\nPlanned for Friday morning.',
    ].join('\n\n'),
    rrule: undefined,
  },
  {
    uid: '2026-11-25-switch@status.example.org',
    summary: 'Network switch replacement',
    description: 'The core switch is replaced; expect two short interruptions.\n\nAffects: Website, API',
    rrule: undefined,
  },
  {
    uid: 'weekly-backup@status.example.org',
    summary: '週次バックアップ (weekly backup)',
    description: `データベースの週次バックアップです。\n\n${LONG_LINE}\n\nAffects: Database`,
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
  },
];

// Reads feeds and the calendar with the system Python's libraries (Debian's python3-feedparser and
// python3-icalendar; the pyenv python3 on PATH has neither), printing what it read as JSON.
const PYTHON_READER = String.raw`
import json, sys, xml.etree.ElementTree as ET
import feedparser, icalendar
kind, file = sys.argv[1], sys.argv[2]
data = open(file, 'rb').read()
if kind == 'ics':
    calendar = icalendar.Calendar.from_ical(data)
    events = [{
        'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'description': str(e.get('DESCRIPTION', '')),
        'rrule': e['RRULE'].to_ical().decode() if 'RRULE' in e else None,
    } for e in calendar.walk('VEVENT')]
    print(json.dumps(events))
else:
    parsed = feedparser.parse(data)
    root = ET.fromstring(data)
    ns = {'atom': 'http://www.w3.org/2005/Atom'}
    items = root.findall('channel/item') if root.tag == 'rss' else root.findall('atom:entry', ns)
    print(json.dumps({
        'bozo': int(parsed.bozo), 'bozoException': str(parsed.get('bozo_exception', '')), 'version': parsed.version,
        'links': [{'rel': l.get('rel'), 'href': l.get('href')} for l in parsed.feed.get('links', [])],
        'title': parsed.feed.get('title'), 'language': parsed.feed.get('language'),
        'entries': [{'title': e.get('title'), 'link': e.get('link'), 'id': e.get('id'),
                     'guidislink': e.get('guidislink'), 'summary': e.get('summary'),
                     'content': [c.value for c in e.get('content', [])],
                     'published': list(e.get('published_parsed') or e.get('updated_parsed') or [])[:6]}
                    for e in parsed.entries],
        'childOrder': [[child.tag.split('}')[-1] for child in item] for item in items],
    }))
`;

async function readWithPython(kind: 'ics' | 'feed', file: string) {
  const result = await run(SYSTEM_PYTHON, ['-c', PYTHON_READER, kind, file]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout);
}

describe('machine outputs read by the tools around Vigil', () => {
  let tempDir: string;
  let outDir: string;
  const read = (file: string) => readFile(path.join(outDir, file), 'utf8');

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'vigil-validators-'));
    const { configPath, dataDir } = await writeValidatorSite(tempDir);
    outDir = path.join(tempDir, 'dist');
    await buildSite({ configPath, dataDir, outDir, buildTimeMs: BUILD_MS });
  });

  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('writes metrics.txt that `promtool check metrics` passes without a word, in base units', async () => {
    const text = await read('metrics.txt');
    const checked = await run('/usr/bin/promtool', ['check', 'metrics'], { input: text });
    expect({ exitCode: checked.exitCode, output: checked.stdout + checked.stderr }).toEqual({
      exitCode: 0,
      output: '',
    });
    // Four components, one never collected: it has a status (no_data) and no latency or uptime.
    expect(text).toContain('vigil_component_status{component="archive",group="",status="no_data"} 1');
    expect(text).not.toMatch(/^vigil_component_latency_seconds\{component="archive"\}/m);
    const latencies = [...text.matchAll(/^vigil_component_latency_seconds\{component="(\w+)"\} (\S+)$/gm)];
    expect(latencies.map((match) => match[1])).toEqual(['web', 'api', 'db']);
    for (const match of latencies) expect(Number(match[2])).toBeGreaterThan(0.001);
    for (const match of latencies) expect(Number(match[2])).toBeLessThan(1);
    expect(text).not.toContain('milliseconds');
  });

  it('writes a calendar that ical.js, node-ical and Python icalendar read alike: full text, RRULE', async () => {
    const text = await read('maintenance.ics');
    // RFC 5545: CRLF line ends, content lines folded at 75 octets (the Japanese and the long line fold).
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).toMatch(/\r\n /);

    const byUid = (events: { uid: string }[]) => [...events].sort((a, b) => a.uid.localeCompare(b.uid));
    const icalJs = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((event) => ({
      uid: String(event.getFirstPropertyValue('uid')),
      summary: String(event.getFirstPropertyValue('summary')),
      description: String(event.getFirstPropertyValue('description') ?? ''),
      rrule: event.getFirstPropertyValue('rrule')?.toString(),
    }));
    const nodeIcalEvents = Object.values(nodeIcal.sync.parseICS(text))
      .filter((component): component is VEvent => component?.type === 'VEVENT')
      .map((event) => ({
        uid: String(event.uid),
        summary: String(event.summary),
        description: String(event.description ?? ''),
        rrule: event.rrule
          ?.toString()
          .split('\n')
          .find((line: string) => line.startsWith('RRULE:'))
          ?.slice('RRULE:'.length),
      }));
    const python = (await readWithPython('ics', path.join(outDir, 'maintenance.ics'))).map(
      (event: { rrule: string | null }) => ({ ...event, rrule: event.rrule ?? undefined }),
    );
    expect(byUid(icalJs)).toEqual(EXPECTED_EVENTS);
    expect(byUid(nodeIcalEvents)).toEqual(EXPECTED_EVENTS);
    expect(byUid(python)).toEqual(EXPECTED_EVENTS);
  });

  it('writes RSS that feedparser reads cleanly, in the W3C validator’s order', async () => {
    const rss = await readWithPython('feed', path.join(outDir, 'feed.xml'));
    expect({ bozo: rss.bozo, exception: rss.bozoException, version: rss.version }).toEqual({
      bozo: 0,
      exception: '',
      version: 'rss20',
    });
    expect(rss.links).toContainEqual({ rel: 'self', href: `${SITE}feed.xml` });
    expect(rss.title).toBe('Lab status: incidents and maintenance');
    expect(rss.entries).toHaveLength(8);
    expect(rss.entries.map((entry: { title: string }) => entry.title)).toEqual([
      'Network switch replacement',
      '週次バックアップ (weekly backup)',
      'API errors: Resolved',
      'API errors: Identified',
      'API errors: Investigating',
      'Database upgrade: Completed',
      'Database upgrade: In progress',
      'Database upgrade: Scheduled',
    ]);
    const identified = rss.entries[3];
    expect(identified).toMatchObject({
      link: `${SITE}incidents/2026-11-21-api-errors/`,
      id: '2026-11-21-api-errors#update-2',
      guidislink: false,
      // The description is the update's text; content:encoded its HTML.
      summary: 'A deploy exhausted the connections.',
      content: ['<p>A deploy exhausted the <b>connections</b>.</p>'],
      published: [2026, 11, 21, 9, 40, 0],
    });
    // The W3C validator's rules: description before content:encoded; guid not a permalink; RFC 822 dates.
    for (const order of rss.childOrder)
      expect(order.indexOf('description')).toBeLessThan(order.indexOf('encoded'));
    const xml = await read('feed.xml');
    expect(xml).toContain('xmlns:atom="http://www.w3.org/2005/Atom"');
    expect(xml).toMatch(/<atom:link href="[^"]+feed\.xml" rel="self" type="application\/rss\+xml"\/>/);
    expect(xml.match(/<guid isPermaLink="false">/g)).toHaveLength(8);
    const dates = [...xml.matchAll(/<(?:pubDate|lastBuildDate)>([^<]+)</g)].map((match) => match[1]);
    for (const date of dates)
      expect(date).toMatch(
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/,
      );
  });

  it('writes Atom that RFC 4287’s RELAX NG schema (xmllint) and feedparser accept', async () => {
    const validated = await run('/usr/bin/xmllint', [
      '--noout',
      '--relaxng',
      ATOM_RNG,
      path.join(outDir, 'feed.atom'),
    ]);
    expect(validated.stderr).toBe(`${path.join(outDir, 'feed.atom')} validates\n`);
    expect(validated.exitCode).toBe(0);
    const atom = await readWithPython('feed', path.join(outDir, 'feed.atom'));
    expect({ bozo: atom.bozo, exception: atom.bozoException, version: atom.version }).toEqual({
      bozo: 0,
      exception: '',
      version: 'atom10',
    });
    expect(atom.links).toContainEqual({ rel: 'self', href: `${SITE}feed.atom` });
    expect(atom.language).toBe('en');
    expect(atom.entries).toHaveLength(8);
    expect(atom.entries[3]).toMatchObject({
      title: 'API errors: Identified',
      link: `${SITE}incidents/2026-11-21-api-errors/`,
      id: `${SITE}incidents/2026-11-21-api-errors/#update-2`,
      summary: 'A deploy exhausted the connections.',
      published: [2026, 11, 21, 9, 40, 0],
    });
    for (const order of atom.childOrder)
      expect(order.indexOf('summary')).toBeLessThan(order.indexOf('content'));
    const xml = await read('feed.atom');
    const dates = [...xml.matchAll(/<updated>([^<]+)</g)].map((match) => match[1]);
    for (const date of dates) expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  // The W3C feed validator (https://github.com/w3c/feedvalidator) is not packaged: set
  // VIGIL_FEEDVALIDATOR to its checkout's src/ folder (with html5lib importable by /usr/bin/python3,
  // e.g. on PYTHONPATH) to run it here on both feeds, at the level of validator.w3.org/feed ("AA").
  const feedValidator = process.env.VIGIL_FEEDVALIDATOR;
  it.skipIf(feedValidator === undefined)(
    'passes the W3C feed validator without an error or warning (needs VIGIL_FEEDVALIDATOR=<checkout>/src)',
    async () => {
      const script = String.raw`
import sys
sys.path.insert(0, sys.argv[1])
import feedvalidator
from feedvalidator import compatibility
from feedvalidator.formatter.text_plain import Formatter
events = feedvalidator.validateStream(open(sys.argv[2], 'rb'), firstOccurrenceOnly=1, base=sys.argv[3])['loggedEvents']
print('\n'.join(Formatter(compatibility.AA(events))))
`;
      for (const file of ['feed.xml', 'feed.atom']) {
        const url = `${SITE}${file}`;
        const result = await run(SYSTEM_PYTHON, [
          '-c',
          script,
          feedValidator ?? '',
          path.join(outDir, file),
          url,
        ]);
        expect({
          file,
          exitCode: result.exitCode,
          report: result.stdout.trim(),
          stderr: result.stderr,
        }).toEqual({
          file,
          exitCode: 0,
          report: '',
          stderr: '',
        });
      }
    },
  );
});
