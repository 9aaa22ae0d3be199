// The hosting files for the platforms no test can deploy to, read as those platforms document them:
// `_headers` and `_redirects` (Netlify, Cloudflare Pages: docs.netlify.com/routing/headers,
// developers.cloudflare.com/pages/configuration/headers and /redirects) and staticwebapp.config.json
// (learn.microsoft.com/azure/static-web-apps/configuration). The rules are applied to the paths a
// site has; nginx and Caddy are served for real in test/integration/hosting-servers.test.ts.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderHostingFiles } from '../../../../src/data/hosting-files.ts';
import { API_V2_FILES } from '../../../../src/data/hosting-rules.ts';

const DATA_CACHE = 'public, max-age=60, must-revalidate';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

interface HeaderBlock {
  pattern: string;
  headers: [string, string][];
}

/** `_headers`: a path line, then indented `Name: value` lines; `#` comments and blank lines. */
function parseHeadersFile(text: string): HeaderBlock[] {
  const blocks: HeaderBlock[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    if (!/^\s/.test(line)) {
      expect(line, `line ${index + 1}`).toMatch(/^\/\S*$/);
      blocks.push({ pattern: line, headers: [] });
      return;
    }
    const match = /^\s+([A-Za-z0-9-]+):\s*(.+)$/.exec(line);
    expect(match, `line ${index + 1}: ${line}`).not.toBeNull();
    const block = blocks.at(-1);
    expect(block, `line ${index + 1}: a header before any path`).toBeDefined();
    block?.headers.push([match?.[1] ?? '', match?.[2] ?? '']);
  });
  return blocks;
}

// A splat "*" matches anything, slashes included, on both platforms.
const toRegex = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '(.*)')}$`);

/** Every header a path gets: the values of every matching rule, joined as both platforms join them. */
function applyHeaders(blocks: HeaderBlock[], path: string): Map<string, string> {
  const headers = new Map<string, string[]>();
  for (const block of blocks.filter((b) => toRegex(b.pattern).test(path))) {
    for (const [name, value] of block.headers)
      headers.set(name.toLowerCase(), [...(headers.get(name.toLowerCase()) ?? []), value]);
  }
  return new Map([...headers].map(([name, values]) => [name, values.join(', ')]));
}

/**
 * `_redirects`: `from to [status[!]]` per line; the first match wins; `:splat` is what `*` matched.
 * Netlify applies a rule to a path where a file exists only when forced ("!"); Cloudflare Pages always
 * does, but takes only 200, 301, 302, 303, 307 and 308 and ignores a line with another status.
 */
function applyRedirects(
  text: string,
  path: string,
  { fileExists = false } = {},
): { to: string; status: number } | undefined {
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    expect(line.length).toBeLessThanOrEqual(1000);
    const [from = '', to = '', code = '301', ...rest] = line.trim().split(/\s+/);
    expect(rest).toEqual([]);
    expect(code, line).toMatch(/^(200|301|302|303|307|308|404)!?$/);
    const match = toRegex(from).exec(path);
    if (match === null || (fileExists && !code.endsWith('!'))) continue;
    return { to: to.replace(':splat', match[1] ?? ''), status: Number(code.replace('!', '')) };
  }
  return undefined;
}

// The documented shape of staticwebapp.config.json, as far as these files use it.
const AzureRouteSchema = z
  .strictObject({
    route: z.string().regex(/^\/[^*]*\*?$/, 'a path with at most one wildcard, at its end'),
    headers: z.record(z.string(), z.string()).optional(),
    redirect: z.string().startsWith('/').optional(),
    rewrite: z.string().startsWith('/').optional(),
    statusCode: z.number().int().optional(),
    allowedRoles: z.array(z.string()).optional(),
    methods: z.array(z.string()).optional(),
  })
  .refine((route) => !(route.redirect !== undefined && route.rewrite !== undefined), 'redirect or rewrite');
const AzureConfigSchema = z.strictObject({
  routes: z.array(AzureRouteSchema),
  globalHeaders: z.record(z.string(), z.string()),
  mimeTypes: z.record(z.string().startsWith('.'), z.string()),
  responseOverrides: z.record(
    z.string().regex(/^\d{3}$/),
    z.strictObject({
      rewrite: z.string().optional(),
      redirect: z.string().optional(),
      statusCode: z.number().optional(),
    }),
  ),
});

/** Azure: the first route whose path matches wins; its headers override globalHeaders. */
function applyAzure(config: z.infer<typeof AzureConfigSchema>, path: string) {
  const route = config.routes.find((r) => toRegex(r.route).test(path));
  return { route, headers: new Map(Object.entries({ ...config.globalHeaders, ...route?.headers })) };
}

const SITES = [
  { name: 'at the host root', base: '/', prefix: '' },
  { name: 'under /status/', base: '/status/', prefix: '/status' },
] as const;

describe.each(SITES)('hosting files of a site $name', ({ base, prefix }) => {
  const files = renderHostingFiles({ base, rootApiRedirect: true });
  const data = [
    'api/v2/summary.json',
    'api/v2/scheduled-maintenances/active.json',
    'api/vigil/components/web.json',
    'api/web/uptime-week.json',
    'badges/core.svg',
    'metrics.txt',
    'feed.xml',
    'feed.atom',
    'maintenance.ics',
    'embed.js',
  ].map((file) => `${prefix}/${file}`);
  const types: Record<string, RegExp> = {
    'metrics.txt': /^text\/plain; version=0\.0\.4; charset=utf-8$/,
    'feed.xml': /^application\/rss\+xml; charset=utf-8$/,
    'feed.atom': /^application\/atom\+xml; charset=utf-8$/,
    'maintenance.ics': /^text\/calendar; charset=utf-8$/,
    'embed.js': /^text\/javascript; charset=utf-8$/,
  };
  const asset = `${prefix}/_astro/index.WulvJTTH.js`;
  const pages = [`${prefix}/`, `${prefix}/embed/`, `${prefix}/components/web/`];

  it('_headers: CORS and a minute of cache on data, a year immutable on assets, the right types, one value each', () => {
    const blocks = parseHeadersFile(files._headers ?? '');
    for (const path of data) {
      const headers = applyHeaders(blocks, path);
      expect(headers.get('access-control-allow-origin'), path).toBe('*');
      expect(headers.get('cache-control'), path).toBe(DATA_CACHE);
      const type = types[path.slice(prefix.length + 1)];
      if (type !== undefined) expect(headers.get('content-type'), path).toMatch(type);
    }
    expect(applyHeaders(blocks, asset).get('cache-control')).toBe(ASSET_CACHE);
    expect(applyHeaders(blocks, asset).get('access-control-allow-origin')).toBeUndefined();
    // Pages keep the platforms' default Cache-Control (max-age=0, must-revalidate) and get no CORS.
    for (const path of pages) expect(applyHeaders(blocks, path).size, path).toBe(0);
  });

  it('_redirects: the root /api/v2/ redirect under a base path only, with CORS on it in _headers', () => {
    const redirect = applyRedirects(files._redirects ?? '', '/api/v2/incidents/unresolved.json');
    const headers = applyHeaders(parseHeadersFile(files._headers ?? ''), '/api/v2/summary.json');
    if (prefix === '') {
      expect(redirect).toBeUndefined();
      return;
    }
    expect(redirect).toEqual({ to: '/status/api/v2/incidents/unresolved.json', status: 302 });
    expect(applyRedirects(files._redirects ?? '', '/status/api/v2/summary.json')).toBeUndefined();
    expect(headers.get('access-control-allow-origin')).toBe('*');
  });

  // Under a base path the platforms' files move up to the publish root; nginx and Caddy serve dist/ as it is.
  const hostingPaths = [
    ...['_headers', '_redirects', 'staticwebapp.config.json'].flatMap((name) =>
      prefix === '' ? [`/${name}`] : [`/${name}`, `${prefix}/${name}`],
    ),
    `${prefix}/_hosting/nginx.conf`,
    `${prefix}/_hosting/Caddyfile`,
  ];

  it('_redirects: every hosting file answered 404 with the 404 page, forced over the file (Netlify)', () => {
    for (const path of hostingPaths) {
      expect(applyRedirects(files._redirects ?? '', path, { fileExists: true }), path).toEqual({
        to: `${prefix}/404.html`,
        status: 404,
      });
    }
    for (const path of [...data, ...pages, asset])
      expect(applyRedirects(files._redirects ?? '', path, { fileExists: true }), path).toBeUndefined();
  });

  it('staticwebapp.config.json: every hosting file answered 404', () => {
    const config = AzureConfigSchema.parse(JSON.parse(files['staticwebapp.config.json'] ?? ''));
    for (const path of hostingPaths) expect(applyAzure(config, path).route?.statusCode, path).toBe(404);
    for (const path of [...data, ...pages, asset])
      expect(applyAzure(config, path).route?.statusCode, path).not.toBe(404);
  });

  it('staticwebapp.config.json: the documented shape, and the same rules by first match', () => {
    const config = AzureConfigSchema.parse(JSON.parse(files['staticwebapp.config.json'] ?? ''));
    for (const path of data) {
      const { headers } = applyAzure(config, path);
      expect(headers.get('Access-Control-Allow-Origin'), path).toBe('*');
      expect(headers.get('Cache-Control'), path).toBe(DATA_CACHE);
    }
    expect(applyAzure(config, asset).headers.get('Cache-Control')).toBe(ASSET_CACHE);
    for (const path of pages) {
      expect(applyAzure(config, path).headers.get('Cache-Control'), path).toBe(DATA_CACHE);
      expect(applyAzure(config, path).headers.has('Access-Control-Allow-Origin'), path).toBe(false);
    }
    expect(applyAzure(config, `${prefix}/_hosting/nginx.conf`).route?.statusCode).toBe(404);
    expect(config.responseOverrides['404']?.rewrite).toBe(`${prefix}/404.html`);
    for (const file of API_V2_FILES) {
      const { route } = applyAzure(config, `/api/v2/${file}`);
      if (prefix === '') expect(route?.redirect, file).toBeUndefined();
      else {
        expect(route, file).toMatchObject({ redirect: `/status/api/v2/${file}`, statusCode: 302 });
        expect(route?.headers?.['Access-Control-Allow-Origin'], file).toBe('*');
      }
    }
  });
});

describe('without site.rootApiRedirect', () => {
  it('no file redirects the host root', () => {
    const files = renderHostingFiles({ base: '/status/', rootApiRedirect: false });
    expect(applyRedirects(files._redirects ?? '', '/api/v2/summary.json')).toBeUndefined();
    expect(files['_hosting/nginx.conf']).not.toContain('/api/v2/');
    expect(files['_hosting/Caddyfile']).not.toContain('/api/v2/');
    expect(files['staticwebapp.config.json']).not.toContain('"/api/v2/');
  });
});

describe('examples/hosting/', () => {
  it('holds what the build writes for base /status/ with the root redirect', async () => {
    const files = renderHostingFiles({ base: '/status/', rootApiRedirect: true });
    const example = (name: string) =>
      readFile(new URL(`../../../../examples/hosting/${name}`, import.meta.url), 'utf8');
    expect(await example('nginx.conf')).toBe(files['_hosting/nginx.conf']);
    expect(await example('Caddyfile')).toBe(files['_hosting/Caddyfile']);
  });
});
