// The nginx snippet and the Caddyfile the build writes (dist/_hosting/), served by the real nginx and
// Caddy on loopback over a site built under /status/ with site.rootApiRedirect: CORS, cache lifetimes
// and content types on what other sites read, and the host root's /api/v2/ redirected with CORS.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHostingFiles } from '../../src/data/hosting-files.ts';
import { buildHostingSite, type HostingSite, makeNginxServerBlock } from '../helpers/hosting-site.ts';
import { startCaddy, validateCaddyfile } from '../helpers/services/start-caddy.ts';
import { type NginxServer, startNginx } from '../helpers/services/start-nginx.ts';

const DATA_CACHE = 'public, max-age=60, must-revalidate';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

interface Expected {
  path: string;
  type: RegExp;
  cors: boolean;
  cache: string;
}

// What each kind of file must be served with, under the site's base.
function listExpected(prefix: string, asset: string): Expected[] {
  const data = (file: string, type: RegExp): Expected => ({
    path: `${prefix}/${file}`,
    type,
    cors: true,
    cache: DATA_CACHE,
  });
  return [
    data('api/v2/summary.json', /^application\/json/),
    data('api/v2/incidents/unresolved.json', /^application\/json/),
    data('api/vigil/components/web.json', /^application\/json/),
    data('api/web/uptime-week.json', /^application\/json/),
    data('badges/web.svg', /^image\/svg\+xml/),
    data('badges/core.svg', /^image\/svg\+xml/),
    data('metrics.txt', /^text\/plain; ?version=0\.0\.4; ?charset=utf-8$/),
    data('feed.xml', /^application\/rss\+xml; ?charset=utf-8$/),
    data('feed.atom', /^application\/atom\+xml; ?charset=utf-8$/),
    data('maintenance.ics', /^text\/calendar; ?charset=utf-8$/),
    data('embed.js', /^text\/javascript; ?charset=utf-8$/),
    { path: `${prefix}/_astro/${asset}`, type: /javascript/, cors: false, cache: ASSET_CACHE },
    { path: `${prefix}/`, type: /^text\/html/, cors: false, cache: DATA_CACHE },
    { path: `${prefix}/embed/`, type: /^text\/html/, cors: false, cache: DATA_CACHE },
    { path: `${prefix}/components/web/`, type: /^text\/html/, cors: false, cache: DATA_CACHE },
  ];
}

const HIDDEN = [
  '_headers',
  '_redirects',
  'staticwebapp.config.json',
  '_hosting/nginx.conf',
  '_hosting/Caddyfile',
];

let site: HostingSite;
let asset: string;

beforeAll(async () => {
  site = await buildHostingSite({ fixture: 'partial-outage', base: '/status/', rootApiRedirect: true });
  const assets = (await readdir(path.join(site.distDir, '_astro'))).filter((name) => name.endsWith('.js'));
  asset = assets[0] ?? '';
}, 120_000);

afterAll(async () => {
  await site?.remove();
});

/** The checks every server must pass for a site under /status/ with the root redirect. */
function describeServedSite(name: string, getOrigin: () => string) {
  describe(name, () => {
    it('serves each kind of file with its content type, CORS where other sites read it, and its cache lifetime', async () => {
      for (const expected of listExpected('/status', asset)) {
        const response = await fetch(`${getOrigin()}${expected.path}`);
        expect(response.status, expected.path).toBe(200);
        expect(response.headers.get('content-type'), expected.path).toMatch(expected.type);
        expect(response.headers.get('access-control-allow-origin'), expected.path).toBe(
          expected.cors ? '*' : null,
        );
        expect(response.headers.get('cache-control'), expected.path).toBe(expected.cache);
      }
    });

    it("serves a group's status badge, as the front page rolls the group up", async () => {
      const response = await fetch(`${getOrigin()}/status/badges/infra.svg`);
      expect(await response.text()).toContain('Infrastructure: partial outage');
    });

    it('answers a revalidation of summary.json with 304', async () => {
      const first = await fetch(`${getOrigin()}/status/api/v2/summary.json`);
      const etag = first.headers.get('etag');
      const lastModified = first.headers.get('last-modified');
      const validator: Record<string, string> =
        etag === null ? { 'If-Modified-Since': lastModified ?? '' } : { 'If-None-Match': etag };
      const again = await fetch(`${getOrigin()}/status/api/v2/summary.json`, { headers: validator });
      expect(again.status).toBe(304);
    });

    it('redirects the host root /api/v2/ to the site, with CORS and the query kept', async () => {
      const response = await fetch(`${getOrigin()}/api/v2/incidents/unresolved.json?page=1`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(new URL(response.headers.get('location') ?? '', getOrigin()).pathname).toBe(
        '/status/api/v2/incidents/unresolved.json',
      );
      expect(response.headers.get('location')).toMatch(/\?page=1$/);
      const followed = await fetch(`${getOrigin()}/api/v2/summary.json`);
      expect(followed.url).toBe(`${getOrigin()}/status/api/v2/summary.json`);
      expect(await followed.text()).toBe(
        await readFile(path.join(site.distDir, 'api/v2/summary.json'), 'utf8'),
      );
    });

    it('does not serve the hosting files', async () => {
      for (const file of HIDDEN) {
        const response = await fetch(`${getOrigin()}/status/${file}`);
        expect(response.status, file).toBe(404);
      }
    });
  });
}

describe('nginx with the snippet', () => {
  let nginx: NginxServer;
  beforeAll(async () => {
    nginx = await startNginx({ serverBlock: makeNginxServerBlock(site) });
  }, 60_000);
  afterAll(async () => {
    await nginx?.stop();
  });
  describeServedSite('under /status/', () => nginx.url.replace(/\/$/, ''));
});

describe('Caddy with the Caddyfile', () => {
  let caddy: Awaited<ReturnType<typeof startCaddy>>;
  beforeAll(async () => {
    const caddyfile = await readFile(path.join(site.distDir, '_hosting', 'Caddyfile'), 'utf8');
    caddy = await startCaddy(caddyfile, (origin) => ({ VIGIL_ADDRESS: origin, VIGIL_ROOT: site.webRoot }));
  }, 60_000);
  afterAll(async () => {
    await caddy?.stop();
  });
  describeServedSite('under /status/', () => caddy.origin);
});

describe('a site at the host root', () => {
  const files = renderHostingFiles({ base: '/', rootApiRedirect: true });

  it('caddy validate accepts the Caddyfile, for the root and under /status/', async () => {
    for (const caddyfile of [
      files['_hosting/Caddyfile'] ?? '',
      renderHostingFiles({ base: '/status/', rootApiRedirect: true })['_hosting/Caddyfile'] ?? '',
    ]) {
      const result = await validateCaddyfile(caddyfile, {
        VIGIL_ADDRESS: 'http://127.0.0.1:8080',
        VIGIL_ROOT: site.webRoot,
      });
      expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout + result.stderr).toContain('Valid configuration');
    }
  });

  it('nginx serves dist/ at / with the root snippet: no redirect, the same headers', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-root-snippet-'));
    await writeFile(path.join(dir, 'vigil.conf'), files['_hosting/nginx.conf'] ?? '');
    const nginx = await startNginx({
      serverBlock: `    root ${site.distDir};\n    include ${path.join(dir, 'vigil.conf')};\n`,
    });
    try {
      expect(files['_hosting/nginx.conf']).not.toContain('return 302');
      for (const expected of listExpected('', asset)) {
        const response = await fetch(`${nginx.url}${expected.path.slice(1)}`);
        expect(response.status, expected.path).toBe(200);
        expect(response.headers.get('access-control-allow-origin'), expected.path).toBe(
          expected.cors ? '*' : null,
        );
        expect(response.headers.get('cache-control'), expected.path).toBe(expected.cache);
      }
    } finally {
      await nginx.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
