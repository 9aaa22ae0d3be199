// What a web server must add to Vigil's static files, said once: CORS on what other sites read, cache
// lifetimes for data that changes every few minutes, the content types extensions do not tell, and the
// optional redirect of the host root's /api/v2/. Each hosting format (hosting-formats.ts,
// hosting-snippets.ts) renders these same rules.

/** Data outputs: cached for a minute, then revalidated (ETag / Last-Modified make that a 304). */
export const DATA_CACHE_CONTROL = 'public, max-age=60, must-revalidate';
/**
 * Pages: as short, so a page never lags its data by more than a minute of caching (nginx, Caddy,
 * Azure). `_headers` sets none: Netlify and Cloudflare Pages join the values of every rule a path
 * matches, so a rule for all pages would double the data's and assets' Cache-Control; pages there keep
 * the platforms' default, public, max-age=0, must-revalidate (never staler than this).
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, must-revalidate';
/** Astro's content-hashed assets never change under their name. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The root redirect may move with the site: a temporary one, cached briefly. */
export const REDIRECT_CACHE_CONTROL = 'public, max-age=300';
export const CORS_HEADER = { name: 'Access-Control-Allow-Origin', value: '*' } as const;

/** The Statuspage API files, for hosts whose redirects cannot carry a wildcard (Azure). */
export const API_V2_FILES = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;

/** The folder of the nginx and Caddy snippets in dist/, which no host should serve. */
export const HOSTING_DIR = '_hosting';
/**
 * Files in dist/ that configure a host. The nginx snippet, the Caddyfile and staticwebapp.config.json
 * answer 404 for them and for _hosting/; `_redirects` does on Netlify (Cloudflare Pages takes no 404
 * there, but never serves `_headers` and `_redirects` itself); `_headers` can hide nothing.
 */
export const HOSTING_FILES = ['_headers', '_redirects', 'staticwebapp.config.json'] as const;

export type PathPattern =
  /** One file, e.g. "/status/metrics.txt". */
  | { kind: 'file'; path: string }
  /** Everything under a folder, e.g. "/status/api/" (ends with "/"). */
  | { kind: 'folder'; path: string };

export interface HeaderRule {
  pattern: PathPattern;
  /** Why, for the comment above the rule. */
  what: string;
  cors: boolean;
  cacheControl: string;
  /** Set where the extension does not tell it, or tells it wrong. */
  contentType?: string;
}

export interface HostingRules {
  /** site.base without its trailing slash: "" for "/", "/status" for "/status/". */
  prefix: string;
  /** site.base as configured, with its trailing slash. */
  base: string;
  headers: HeaderRule[];
  /** The folder of the root redirect ("/api/v2/") and where it points ("/status/api/v2/"), when on. */
  rootApiRedirect?: { from: string; to: string };
}

export interface HostingSite {
  base: string;
  rootApiRedirect: boolean;
}

/** The rules for one site; a base other than "/" gets every path under it. */
export function getHostingRules(site: HostingSite): HostingRules {
  const base = site.base.endsWith('/') ? site.base : `${site.base}/`;
  const prefix = base.slice(0, -1);
  const file = (name: string): PathPattern => ({ kind: 'file', path: `${prefix}/${name}` });
  const folder = (name: string): PathPattern => ({ kind: 'folder', path: `${prefix}/${name}/` });
  const data = (pattern: PathPattern, what: string, contentType?: string): HeaderRule => ({
    pattern,
    what,
    cors: true,
    cacheControl: DATA_CACHE_CONTROL,
    ...(contentType === undefined ? {} : { contentType }),
  });
  const headers: HeaderRule[] = [
    { pattern: folder('_astro'), what: 'hashed assets', cors: false, cacheControl: ASSET_CACHE_CONTROL },
    data(folder('api'), 'the JSON APIs (api/v2, api/vigil, shields endpoints)'),
    data(folder('badges'), 'badges'),
    data(file('metrics.txt'), 'Prometheus text format', 'text/plain; version=0.0.4; charset=utf-8'),
    data(file('feed.xml'), 'RSS', 'application/rss+xml; charset=utf-8'),
    data(file('feed.atom'), 'Atom', 'application/atom+xml; charset=utf-8'),
    data(file('maintenance.ics'), 'iCalendar', 'text/calendar; charset=utf-8'),
    data(file('embed.js'), 'the embed script', 'text/javascript; charset=utf-8'),
  ];
  const isRedirected = site.rootApiRedirect && prefix !== '';
  return {
    prefix,
    base,
    headers,
    ...(isRedirected ? { rootApiRedirect: { from: '/api/v2/', to: `${prefix}/api/v2/` } } : {}),
  };
}

/** The site settings a hosting file was written for, for its first comment line. */
export function describeSite(rules: HostingRules): string {
  return `site.base "${rules.base}"${rules.rootApiRedirect === undefined ? '' : ', site.rootApiRedirect'}`;
}

/**
 * The paths of the files that configure a host, each refused by the formats that can. Under a base
 * path the platforms' files move up to the publish root (docs/publishing.md#hosting-files), so
 * `atPublishRoot` adds "/_headers" and the like beside "/status/_headers".
 */
export function listHiddenPaths(
  rules: HostingRules,
  { atPublishRoot = false } = {},
): { files: string[]; folder: string } {
  const files = HOSTING_FILES.map((name) => `${rules.prefix}/${name}`);
  return {
    files: atPublishRoot ? [...new Set([...HOSTING_FILES.map((name) => `/${name}`), ...files])] : files,
    folder: `${rules.prefix}/${HOSTING_DIR}/`,
  };
}
