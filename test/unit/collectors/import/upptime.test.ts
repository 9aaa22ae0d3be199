import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportInputError } from '../../../../collectors/import/import-types.ts';
import { importUpptime } from '../../../../collectors/import/upptime.ts';
import { getUpptimeSlug, toVigilCheckId } from '../../../../collectors/import/upptime-slug.ts';
import { cronToInterval } from '../../../../collectors/import/upptime-values.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/import/upptime/${name}`, import.meta.url), 'utf8');

describe('importUpptime', () => {
  const result = importUpptime(fixture('full.upptimerc.yml'), '.upptimerc.yml');
  const byId = new Map(result.checks.map((check) => [check.id, check]));

  it('maps each kind of site to its Vigil check, with the slug as id', () => {
    expect([...byId.keys()]).toEqual([
      'main-website',
      'git-hub-api',
      'legacy',
      'secret-site',
      'database-port',
      'live-feed',
      'certificate',
      'search-globalping',
    ]);
    expect(byId.get('git-hub-api')).toEqual({
      id: 'git-hub-api',
      name: 'GitHub API',
      type: 'http',
      url: 'https://api.example.org/v1/health',
      method: 'POST',
      headers: {
        'User-Agent': 'example-status-bot',
        Authorization: 'Bearer ${API_TOKEN}',
        'Content-Type': 'application/json',
      },
      body: '{"ping": true}',
      expectedStatus: [200, 204],
      followRedirects: false,
      thresholds: { latencyMs: { degradedAbove: 800 } },
      interval: '10m',
    });
    expect(byId.get('legacy')).toMatchObject({
      insecure: true,
      forbiddenKeyword: 'Internal Server Error',
      keyword: 'Welcome',
    });
    expect(byId.get('database-port')).toMatchObject({
      type: 'tcp',
      host: 'db.example.org',
      port: 5432,
      thresholds: { connectMs: { degradedAbove: 200 } },
    });
    expect(byId.get('live-feed')).toMatchObject({
      type: 'websocket',
      url: 'wss://feed.example.org/socket',
      send: 'hello',
    });
    expect(byId.get('certificate')).toMatchObject({
      type: 'tls',
      host: 'www.example.org',
      port: 443,
      thresholds: { certDaysLeft: { downBelow: 7 } },
    });
  });

  it('turns $NAME and ${{ secrets.NAME }} into ${NAME} and lists them', () => {
    expect(byId.get('secret-site')?.url).toBe('${SECRET_SITE_URL}');
    expect(result.secrets).toEqual([
      { name: 'API_TOKEN', where: 'line 14' },
      { name: 'SECRET_SITE_URL', where: 'line 34' },
    ]);
  });

  it('carries the status website over as the site', () => {
    expect(result.site).toEqual({
      title: 'Example Status',
      url: 'https://status.example.org',
      description: "Live status of Example's services.",
    });
  });

  it('lists what it could not map with its line and reason, in line order', () => {
    const lines = result.notMapped.map((item) => `${item.where}: ${item.what}`);
    expect(lines).toEqual([
      'line 4: owner',
      'line 5: repo',
      'line 23: GitHub API: assignees',
      'line 31: Legacy Portal: __dangerous__body_degraded',
      'line 32: Legacy Portal: icon',
      'line 47: No port here: tcp-ping without a port',
      'line 51: Search (Globalping): type',
      'line 52: Search (Globalping): location',
      'line 57: status-website.logoUrl',
      'line 59: status-website.introTitle',
      'line 61: status-website.navbar',
      'line 66: workflowSchedule.uptime "*/10 * * * *"',
      'line 67: workflowSchedule.graphs "0 0 * * *"',
      'line 69: notifications',
    ]);
    expect(result.notMapped.every((item) => item.reason.length > 10)).toBe(true);
  });

  it('reads the starter config and says where baseUrl goes', () => {
    const minimal = importUpptime(fixture('minimal.upptimerc.yml'), '.upptimerc.yml');
    expect(minimal.checks).toEqual([
      { id: 'example', name: 'Example', type: 'http', url: 'https://example.org' },
      { id: 'example-docs', name: 'Example Docs', type: 'http', url: 'https://docs.example.org' },
    ]);
    expect(minimal.site).toEqual({ title: 'Example Uptime' });
    expect(minimal.notMapped.find((item) => item.what === 'status-website.baseUrl')?.reason).toContain(
      'site.base',
    );
  });

  it('refuses what is not an Upptime config with a located error', () => {
    expect(() => importUpptime('sites: [\n', 'a.yml')).toThrow(ImportInputError);
    expect(() => importUpptime('owner: x\nsites: nope\n', 'b.yml')).toThrow(/^b\.yml:2: expected "sites:"/);
    expect(() => importUpptime('- 1\n', 'c.yml')).toThrow(/^c\.yml:1: expected an Upptime config/);
  });

  it('skips a second site with the same slug, and escapes a literal ${', () => {
    const text =
      'sites:\n  - name: A\n    url: https://a.example\n  - name: a\n    url: https://b.example/${x}\n';
    const twice = importUpptime(text, 'd.yml');
    expect(twice.checks.map((check) => check.id)).toEqual(['a']);
    expect(twice.notMapped[0]).toMatchObject({ where: 'line 4', what: 'a' });
    const escaped = importUpptime('sites:\n  - name: B\n    url: https://b.example/${x}\n', 'e.yml');
    expect(escaped.checks[0]?.url).toBe('https://b.example/$${x}');
    expect(escaped.secrets).toEqual([]);
  });

  it('lists headers that are not a list of lines, and a site without a url', () => {
    const odd = importUpptime(
      'sites:\n  - name: A\n    url: https://a.example\n    headers:\n      X-Key: 1\n  - name: B\n',
      'f.yml',
    );
    expect(odd.checks).toEqual([{ id: 'a', name: 'A', type: 'http', url: 'https://a.example' }]);
    expect(odd.notMapped.map((item) => `${item.where}: ${item.what}`)).toEqual([
      'line 4: A: headers',
      'line 6: B',
    ]);
  });
});

describe("Upptime's slugs", () => {
  it.each([
    [{ name: 'Google' }, 'google'],
    [{ name: 'Hacker News' }, 'hacker-news'],
    [{ name: 'IPv6 Test' }, 'i-pv6-test'],
    [{ name: 'GitHub' }, 'git-hub'],
    [{ name: 'Déjà vu' }, 'deja-vu'],
    [{ name: 'Fußgänger & Co' }, 'fussgaenger-and-co'],
    [{ name: '鸭鸭梨' }, '鸭鸭梨'],
    [{ name: 'x', slug: ' duck-pear ' }, 'duck-pear'],
    [{ name: '///', url: 'https://example.com/path' }, 'https-example-com-path'],
  ])('%o → %s', (site, slug) => {
    expect(getUpptimeSlug(site)).toBe(slug);
  });

  it('makes URL-safe, unreserved check ids of them', () => {
    expect(toVigilCheckId('hacker-news')).toBe('hacker-news');
    expect(toVigilCheckId('My_Site')).toBe('my_site');
    expect(toVigilCheckId('v2')).toBe('v2-site');
    expect(toVigilCheckId('鸭鸭梨')).toMatch(/^site-[0-9a-f]+$/);
  });
});

describe('cronToInterval', () => {
  it.each([
    ['*/5 * * * *', '5m'],
    ['* * * * *', '1m'],
    ['0 * * * *', '1h'],
    ['15 */6 * * *', '6h'],
    ['0 23 * * *', undefined],
    ['*/5 * * * 1', undefined],
    ['nonsense', undefined],
  ])('%s → %s', (cron, interval) => {
    expect(cronToInterval(cron)).toBe(interval);
  });
});
