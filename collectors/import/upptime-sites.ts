// One entry of Upptime's `sites:` → one Vigil check. Keys follow Upptime's documented site options
// (https://upptime.js.org/docs/configuration) and what its monitor does with each of them.
import { isMap, type YAMLMap } from 'yaml';
import { getUpptimeSlug, toVigilCheckId } from './upptime-slug.ts';
import { convertPlaceholders, lineOfKey, type UpptimeImportContext } from './upptime-values.ts';

/** Methods Vigil's http check sends. */
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Site keys with no Vigil counterpart, and why (said to the user). */
const UNMAPPED_SITE_KEYS: Record<string, string> = {
  icon: 'Vigil shows no per-component icon',
  assignees: 'Upptime assigns GitHub issues; Vigil sends alerts (see `alerts` in docs/notifications.md)',
  tags: 'Upptime labels its GitHub issues with them; Vigil groups checks with `group`',
  verbose: "Upptime's curl logging; Vigil's run log already says what each check saw",
  ipv6: 'Vigil connects over whichever address the system resolves; give an IPv6 literal to force IPv6',
  location: 'Globalping probe locations: Vigil runs checks from your own collectors (`sources`)',
  type: 'Globalping runs the check from its probes; Vigil runs it from your collector (`sources` for several places)',
  connectTimeout: 'Vigil has one `timeout` per probe (requestTimeout sets it)',
  __dangerous__body_degraded:
    'Vigil has no "degraded if the body contains" rule; use a `json` assertion or a keyword check',
  __dangerous__body_degraded_if_text_missing:
    'Vigil has no "degraded unless the body contains" rule; `keyword` makes it down instead',
};

/** Keys this mapping reads; anything else on a site is reported as unknown. */
const READ_SITE_KEYS = new Set([
  'name',
  'url',
  'slug',
  'check',
  'method',
  'port',
  'headers',
  'body',
  'expectedStatusCodes',
  'maxResponseTime',
  'maxRedirects',
  'maxRetries',
  'requestTimeout',
  '__dangerous__insecure',
  '__dangerous__disable_verify_peer',
  '__dangerous__disable_verify_host',
  '__dangerous__body_down',
  '__dangerous__body_down_if_text_missing',
]);

export interface MappedSite {
  check: Record<string, unknown>;
  /** The history file the site's status changes are in (history/<slug>.yml). */
  slug: string;
}

/** Maps one site; undefined (with the reason in notMapped) when it cannot become a check. */
export function mapUpptimeSite(
  site: Record<string, unknown>,
  node: unknown,
  index: number,
  context: UpptimeImportContext,
): MappedSite | undefined {
  const at = (key: string) => lineOfKey(node, key, context) || `sites[${index}]`;
  const label = typeof site.name === 'string' ? site.name : `sites[${index}]`;
  const url = typeof site.url === 'string' ? site.url.trim() : '';
  if (typeof site.name !== 'string' || site.name.trim() === '' || url === '') {
    context.notMapped.push({
      where: at('name'),
      what: label,
      reason: 'an Upptime site needs both `name` and `url`; this one was skipped',
    });
    return undefined;
  }
  const slug = getUpptimeSlug(site);
  const id = toVigilCheckId(slug);
  if (id !== slug) {
    context.notMapped.push({
      where: at(site.slug === undefined ? 'name' : 'slug'),
      what: `slug ${JSON.stringify(slug)}`,
      reason: `not a URL-safe Vigil id, so the check is "${id}"; badge URLs change, and --history still reads history/${slug}.yml`,
    });
  }
  reportUnmappedKeys(site, node, label, context);
  const base = { id, name: site.name.trim() };
  const check = site.check ?? 'http';
  if (check === 'tcp-ping') return withSlug(mapTcpPing(site, base, url, at, context), slug);
  if (check === 'ws') return withSlug(mapWebsocket(site, base, url, at, context), slug);
  if (check === 'ssl') return withSlug(mapSsl(site, base, url, at, context), slug);
  if (check !== 'http') {
    context.notMapped.push({
      where: at('check'),
      what: `${label}: check ${JSON.stringify(check)}`,
      reason: 'not an Upptime check type (http, tcp-ping, ws, ssl); the site was skipped',
    });
    return undefined;
  }
  return withSlug(mapHttp(site, base, url, at, context), slug);
}

function withSlug(check: Record<string, unknown> | undefined, slug: string): MappedSite | undefined {
  return check === undefined ? undefined : { check, slug };
}

type Locate = (key: string) => string;

function mapHttp(
  site: Record<string, unknown>,
  base: Record<string, unknown>,
  rawUrl: string,
  at: Locate,
  context: UpptimeImportContext,
): Record<string, unknown> {
  // curl, which Upptime asks with, reads a URL without a scheme as http://; a URL that is all a
  // secret ($SITE_URL) brings its own.
  const url = /^([a-z][a-z0-9+.-]*:\/\/|\$)/i.test(rawUrl) ? rawUrl : `http://${rawUrl}`;
  const check: Record<string, unknown> = {
    ...base,
    type: 'http',
    url: convertPlaceholders(url, at('url'), context),
  };
  const label = base.name as string;
  if (typeof site.method === 'string') {
    const method = site.method.toUpperCase();
    if (HTTP_METHODS.has(method)) {
      if (method !== 'GET') check.method = method;
    } else {
      context.notMapped.push({
        where: at('method'),
        what: `${label}: method ${site.method}`,
        reason: `Vigil sends ${[...HTTP_METHODS].join(', ')}; the check uses GET`,
      });
    }
  }
  const headers = mapHeaders(site.headers, at('headers'), label, context);
  if (headers !== undefined) check.headers = headers;
  if (typeof site.body === 'string') check.body = convertPlaceholders(site.body, at('body'), context);
  if (Array.isArray(site.expectedStatusCodes)) {
    const codes = site.expectedStatusCodes.map(Number).filter((code) => Number.isInteger(code));
    if (codes.length > 0) check.expectedStatus = codes;
  }
  if (site.maxRedirects !== undefined) {
    const most = Number(site.maxRedirects);
    if (most === 0) check.followRedirects = false;
    else if (Number.isInteger(most) && most > 0) check.maxRedirects = Math.min(most, 20);
  }
  if (
    site.__dangerous__insecure === true ||
    site.__dangerous__disable_verify_peer === true ||
    site.__dangerous__disable_verify_host === true
  )
    check.insecure = true;
  if (typeof site.__dangerous__body_down === 'string' && site.__dangerous__body_down !== '')
    check.forbiddenKeyword = convertPlaceholders(
      site.__dangerous__body_down,
      at('__dangerous__body_down'),
      context,
    );
  if (
    typeof site.__dangerous__body_down_if_text_missing === 'string' &&
    site.__dangerous__body_down_if_text_missing !== ''
  )
    check.keyword = convertPlaceholders(
      site.__dangerous__body_down_if_text_missing,
      at('__dangerous__body_down_if_text_missing'),
      context,
    );
  if (site.port !== undefined) {
    context.notMapped.push({
      where: at('port'),
      what: `${label}: port ${String(site.port)}`,
      reason: "Upptime's http check does not use it either (curl asks the URL); put the port in the URL",
    });
  }
  addTimingFields(check, site, 'latencyMs', at, context);
  return check;
}

function mapTcpPing(
  site: Record<string, unknown>,
  base: Record<string, unknown>,
  url: string,
  at: Locate,
  context: UpptimeImportContext,
): Record<string, unknown> | undefined {
  const port = Number(site.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    context.notMapped.push({
      where: at('port'),
      what: `${base.name as string}: tcp-ping without a port`,
      reason: 'a tcp check needs `port` (1–65535); add it to the site and import again',
    });
    return undefined;
  }
  const host = convertPlaceholders(hostOf(url), at('url'), context);
  const check: Record<string, unknown> = { ...base, type: 'tcp', host, port };
  addTimingFields(check, site, 'connectMs', at, context);
  return check;
}

function mapWebsocket(
  site: Record<string, unknown>,
  base: Record<string, unknown>,
  url: string,
  at: Locate,
  context: UpptimeImportContext,
): Record<string, unknown> {
  const check: Record<string, unknown> = {
    ...base,
    type: 'websocket',
    url: convertPlaceholders(url, at('url'), context),
  };
  if (typeof site.body === 'string' && site.body !== '')
    check.send = convertPlaceholders(site.body, at('body'), context);
  if (site.__dangerous__insecure === true) check.insecure = true;
  addTimingFields(check, site, undefined, at, context);
  return check;
}

function mapSsl(
  site: Record<string, unknown>,
  base: Record<string, unknown>,
  url: string,
  at: Locate,
  context: UpptimeImportContext,
): Record<string, unknown> {
  const port = site.port === undefined ? 443 : Number(site.port);
  const check: Record<string, unknown> = {
    ...base,
    type: 'tls',
    host: convertPlaceholders(hostOf(url), at('url'), context),
    port: Number.isInteger(port) ? port : 443,
    // Upptime's ssl check is down once the certificate has fewer than 7 days left.
    thresholds: { certDaysLeft: { downBelow: 7 } },
  };
  addTimingFields(check, site, undefined, at, context);
  return check;
}

/** The host of "https://example.org:8443/x", "example.org" or "1.1.1.1". */
function hostOf(url: string): string {
  const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authority = withoutScheme.split(/[/?#]/)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d+$/, '');
}

/** Upptime's `headers` are curl lines, "Name: value". */
function mapHeaders(
  headers: unknown,
  where: string,
  label: string,
  context: UpptimeImportContext,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (!Array.isArray(headers)) {
    context.notMapped.push({
      where,
      what: `${label}: headers`,
      reason: 'expected a list of "Name: value" lines, as Upptime reads them; no header was carried over',
    });
    return undefined;
  }
  const mapped: Record<string, string> = {};
  for (const line of headers) {
    const text = String(line);
    const colon = text.indexOf(':');
    if (colon <= 0) {
      context.notMapped.push({
        where,
        what: `${label}: header ${JSON.stringify(text)}`,
        reason: 'expected "Name: value"; the header was left out',
      });
      continue;
    }
    mapped[text.slice(0, colon).trim()] = convertPlaceholders(text.slice(colon + 1).trim(), where, context);
  }
  return Object.keys(mapped).length > 0 ? mapped : undefined;
}

/** maxResponseTime, maxRetries and requestTimeout, which every kind of site may have. */
function addTimingFields(
  check: Record<string, unknown>,
  site: Record<string, unknown>,
  latencyMetric: string | undefined,
  at: Locate,
  context: UpptimeImportContext,
): void {
  if (site.maxResponseTime !== undefined) {
    const limitMs = Number(site.maxResponseTime);
    if (latencyMetric !== undefined && Number.isFinite(limitMs) && limitMs > 0) {
      // Upptime marks a site degraded when its response took longer than maxResponseTime.
      check.thresholds = { [latencyMetric]: { degradedAbove: limitMs } };
    } else {
      context.notMapped.push({
        where: at('maxResponseTime'),
        what: `${check.name as string}: maxResponseTime ${String(site.maxResponseTime)}`,
        reason:
          latencyMetric === undefined
            ? 'Upptime records no response time for this kind of check, so there is nothing to compare'
            : 'expected a number of milliseconds',
      });
    }
  }
  if (site.maxRetries !== undefined) {
    // Upptime's maxRetries counts every attempt; Vigil's retries count the extra ones.
    const attempts = Number(site.maxRetries);
    if (Number.isInteger(attempts) && attempts >= 1) check.retries = Math.min(attempts - 1, 5);
  }
  if (site.requestTimeout !== undefined) {
    const seconds = Number(site.requestTimeout);
    if (Number.isFinite(seconds) && seconds > 0) check.timeout = `${seconds}s`;
  }
}

function reportUnmappedKeys(
  site: Record<string, unknown>,
  node: unknown,
  label: string,
  context: UpptimeImportContext,
): void {
  for (const key of Object.keys(site)) {
    if (READ_SITE_KEYS.has(key) || (key === 'type' && site.type === 'local')) continue;
    const where = lineOfKey(node, key, context);
    const reason = UNMAPPED_SITE_KEYS[key] ?? 'not an Upptime site option Vigil knows; left out';
    context.notMapped.push({ where, what: `${label}: ${key}`, reason });
  }
}

/** The sites' YAML nodes, to locate their keys. */
export function siteNodes(sitesNode: unknown): unknown[] {
  if (!sitesNode || typeof sitesNode !== 'object' || !('items' in sitesNode)) return [];
  return (sitesNode as { items: unknown[] }).items.map((item) => (isMap(item) ? (item as YAMLMap) : item));
}
