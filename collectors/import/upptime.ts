// `vigil import upptime .upptimerc.yml`: Upptime's config (https://upptime.js.org/docs/configuration)
// as Vigil checks. Sites become http, tcp (tcp-ping), websocket (ws) or tls (ssl) checks whose ids are
// Upptime's slugs; what has no Vigil counterpart is listed with its line and the reason.
import { isMap, type YAMLMap } from 'yaml';
import { readYaml } from '../../core/config/read-yaml.ts';
import { type Importer, ImportInputError, type ImportResult } from './import-types.ts';
import { mapUpptimeSite, siteNodes } from './upptime-sites.ts';
import {
  convertPlaceholders,
  cronToInterval,
  lineOfKey,
  type UpptimeImportContext,
} from './upptime-values.ts';

/** Top-level keys with no Vigil counterpart, and why. */
const UNMAPPED_KEYS: Record<string, string> = {
  owner: 'the GitHub account Upptime runs in; Vigil runs from your own repository and collectors',
  repo: 'the GitHub repository Upptime runs in; Vigil runs from your own repository and collectors',
  assignees: 'Upptime assigns GitHub issues; Vigil sends alerts (see `alerts` in docs/notifications.md)',
  notifications:
    'configure the same providers under `alerts` (docs/notifications.md); their secrets stay ${VAR}s',
  delay: 'Vigil runs checks concurrently within `collect.concurrency`',
  PAT: 'Vigil needs no GitHub token to check sites; `vigil publish` pushes with your git credentials',
  i18n: 'Vigil words its pages from its own catalogue; pick one with `site.language`',
  commitMessages: 'Vigil commits data with its own messages (`vigil publish`)',
  commitPrefixStatusUp: 'Vigil commits data with its own messages (`vigil publish`)',
  commitPrefixStatusDown: 'Vigil commits data with its own messages (`vigil publish`)',
  commitPrefixStatusDegraded: 'Vigil commits data with its own messages (`vigil publish`)',
  summaryStartHtmlComment: 'Vigil does not edit your README; its badges are in /badges/ and /api/<id>/',
  summaryEndHtmlComment: 'Vigil does not edit your README; its badges are in /badges/ and /api/<id>/',
  liveStatusHtmlComment: 'Vigil does not edit your README; its badges are in /badges/ and /api/<id>/',
  skipDescriptionUpdate: 'Vigil does not edit the GitHub repository',
  skipTopicsUpdate: 'Vigil does not edit the GitHub repository',
  skipHomepageUpdate: 'Vigil does not edit the GitHub repository',
  skipDeleteIssues: 'Vigil opens no GitHub issues; incidents are markdown files in data/incidents/',
  skipPoweredByReadme: 'Vigil does not edit your README',
  runner: "Vigil's collect workflow runs on a self-hosted runner (`vigil init` writes it)",
  customStatusWebsitePackage: 'the site is Vigil’s own Astro build',
  skipGeneratingWebsite: 'the site is Vigil’s own Astro build (`vigil build`)',
  secrets:
    'Vigil reads every ${VAR} from the environment of `vigil collect`; the list of variables to set is printed below',
  'user-agent': 'sent as a User-Agent header by each http check',
};

/** status-website keys that become site settings, or why not. */
const UNMAPPED_WEBSITE_KEYS: Record<string, string> = {
  baseUrl: 'set `site.base` (e.g. "/status/") in status.config.yaml',
  logoUrl: 'set `site.logo` in status.config.yaml',
  favicon: 'Vigil draws its favicon from the status',
  favicons: 'Vigil draws its favicon from the status',
  introTitle: 'Vigil shows `site.title` as the heading; `site.intro` holds the paragraph',
  navbar: 'set `site.links` (label and url) in status.config.yaml',
  publish: 'Vigil builds the site with `vigil build`; deploy it with the deploy workflow',
  singleCommit: 'Vigil builds the site with `vigil build`; deploy it with the deploy workflow',
  theme: 'Vigil has light and dark themes that follow the reader’s setting',
  themeUrl: 'Vigil has light and dark themes that follow the reader’s setting',
  css: 'Vigil’s styles are its own',
  js: 'Vigil’s pages take no extra scripts',
  scripts: 'Vigil’s pages take no extra scripts',
  links: 'Vigil’s pages take no extra tags',
  metaTags: 'Vigil’s pages take no extra tags',
  robotsText: 'Vigil writes no robots.txt',
  apiBaseUrl: 'Vigil reads its own data/, not the GitHub API',
  userContentBaseUrl: 'Vigil reads its own data/, not the GitHub API',
};

/** Reads an .upptimerc.yml into Vigil checks. */
export const importUpptime: Importer = (text, file) => {
  const reading = readYaml(text);
  if (!reading.ok) {
    throw new ImportInputError(
      `${file}${reading.line === undefined ? '' : `:${reading.line}${reading.column ? `:${reading.column}` : ''}`}: ${reading.message}`,
    );
  }
  const config = reading.value;
  const root = reading.document.contents;
  if (!isPlainObject(config) || !isMap(root)) {
    throw new ImportInputError(`${file}:1: expected an Upptime config (a mapping with a "sites" list)`);
  }
  const context: UpptimeImportContext = { notMapped: [], secrets: [], lineCounter: reading.lineCounter };
  if (!Array.isArray(config.sites)) {
    throw new ImportInputError(
      `${file}:${lineNumber(lineOfKey(root, 'sites', context)) ?? 1}: expected "sites:" with a list of sites (name and url each)`,
    );
  }
  const result: ImportResult = {
    groups: [],
    checks: [],
    notMapped: context.notMapped,
    secrets: context.secrets,
  };
  const sitesNode = (root as YAMLMap).get('sites', true);
  const nodes = siteNodes(sitesNode);
  const seenIds = new Set<string>();
  config.sites.forEach((site: unknown, index: number) => {
    if (!isPlainObject(site)) {
      context.notMapped.push({
        where: `sites[${index}]`,
        what: String(site),
        reason: 'expected a site (name and url)',
      });
      return;
    }
    const mapped = mapUpptimeSite(site, nodes[index], index, context);
    if (mapped === undefined) return;
    if (seenIds.has(mapped.check.id as string)) {
      context.notMapped.push({
        where: lineOfKey(nodes[index], 'name', context),
        what: mapped.check.name as string,
        reason: `a second site with the slug "${mapped.slug}"; Upptime writes both into one history file, so set \`slug:\` on one of them`,
      });
      return;
    }
    seenIds.add(mapped.check.id as string);
    result.checks.push(mapped.check);
  });
  applyUserAgent(config['user-agent'], result.checks, lineOfKey(root, 'user-agent', context), context);
  applyWorkflowSchedule(config.workflowSchedule, root, result.checks, context);
  const site = mapStatusWebsite(
    config['status-website'],
    (root as YAMLMap).get('status-website', true),
    context,
  );
  if (site !== undefined) result.site = site;
  for (const key of Object.keys(config)) {
    if (key === 'sites' || key === 'status-website' || key === 'workflowSchedule' || key === 'user-agent')
      continue;
    context.notMapped.push({
      where: lineOfKey(root, key, context),
      what: key,
      reason: UNMAPPED_KEYS[key] ?? 'not an Upptime option Vigil knows; left out',
    });
  }
  result.notMapped.sort((a, b) => (lineNumber(a.where) ?? 0) - (lineNumber(b.where) ?? 0));
  return result;
};

function applyUserAgent(
  userAgent: unknown,
  checks: Record<string, unknown>[],
  where: string,
  context: UpptimeImportContext,
): void {
  if (typeof userAgent !== 'string' || userAgent === '') return;
  const value = convertPlaceholders(userAgent, where, context);
  for (const check of checks) {
    if (check.type !== 'http') continue;
    const headers = (check.headers as Record<string, string> | undefined) ?? {};
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) {
      check.headers = { 'User-Agent': value, ...headers };
    }
  }
}

/**
 * Upptime's uptime workflow runs every check on one cron line (default every 5 minutes); its
 * interval becomes each check's `interval`. The other workflows (graphs, site, summary, …) are
 * Upptime's own chores, which Vigil's build and collect do in their place.
 */
function applyWorkflowSchedule(
  schedule: unknown,
  root: unknown,
  checks: Record<string, unknown>[],
  context: UpptimeImportContext,
): void {
  if (schedule === undefined) return;
  const scheduleNode = isMap(root) ? (root as YAMLMap).get('workflowSchedule', true) : undefined;
  if (!isPlainObject(schedule)) {
    context.notMapped.push({
      where: lineOfKey(root, 'workflowSchedule', context),
      what: 'workflowSchedule',
      reason: 'expected a mapping of workflow names to cron lines',
    });
    return;
  }
  for (const [name, cron] of Object.entries(schedule)) {
    const where = lineOfKey(scheduleNode, name, context);
    const interval = name === 'uptime' && typeof cron === 'string' ? cronToInterval(cron) : undefined;
    if (interval !== undefined) {
      for (const check of checks) check.interval = interval;
      context.notMapped.push({
        where,
        what: `workflowSchedule.uptime "${cron}"`,
        reason: `carried over as interval: ${interval} on every check; run \`vigil collect\` at least that often (cron, or \`vigil watch\`)`,
      });
      continue;
    }
    context.notMapped.push({
      where,
      what: `workflowSchedule.${name} "${String(cron)}"`,
      reason:
        name === 'uptime'
          ? 'no single interval in this cron line; set `interval` on the checks (or site.interval) by hand'
          : `Upptime's ${name} workflow has no Vigil counterpart: \`vigil build\` renders the site, graphs and badges from data/`,
    });
  }
}

function mapStatusWebsite(
  website: unknown,
  node: unknown,
  context: UpptimeImportContext,
): ImportResult['site'] | undefined {
  if (!isPlainObject(website)) return undefined;
  const site: NonNullable<ImportResult['site']> = {};
  if (typeof website.name === 'string' && website.name.trim() !== '') site.title = website.name.trim();
  if (typeof website.cname === 'string' && website.cname.trim() !== '') {
    const cname = website.cname.trim();
    site.url = /^https?:\/\//.test(cname) ? cname : `https://${cname}`;
  }
  if (typeof website.introMessage === 'string' && website.introMessage.trim() !== '')
    site.description = website.introMessage.trim();
  for (const key of Object.keys(website)) {
    if (key === 'name' || key === 'cname' || key === 'introMessage') continue;
    context.notMapped.push({
      where: lineOfKey(node, key, context),
      what: `status-website.${key}`,
      reason: UNMAPPED_WEBSITE_KEYS[key] ?? 'not a status-website option Vigil knows; left out',
    });
  }
  return Object.keys(site).length > 0 ? site : undefined;
}

function lineNumber(where: string): number | undefined {
  const match = /^line (\d+)$/.exec(where);
  return match ? Number(match[1]) : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
