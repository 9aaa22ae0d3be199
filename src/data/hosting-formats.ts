// The hosting rules (hosting-rules.ts) in the files static hosts read from the publish directory:
// `_headers` and `_redirects` (Netlify, Cloudflare Pages) and `staticwebapp.config.json` (Azure Static
// Web Apps). Paths are from the host root, so with a base path these files belong at the root of the
// publish directory, above the site's folder (docs/publishing.md#hosting-files).
import {
  API_V2_FILES,
  CORS_HEADER,
  describeSite,
  type HeaderRule,
  type HostingRules,
  listHiddenPaths,
  PAGE_CACHE_CONTROL,
  type PathPattern,
  REDIRECT_CACHE_CONTROL,
} from './hosting-rules.ts';

const toSplatPath = (pattern: PathPattern) => (pattern.kind === 'file' ? pattern.path : `${pattern.path}*`);

function listRuleHeaders(rule: HeaderRule): [string, string][] {
  return [
    ...(rule.cors ? [[CORS_HEADER.name, CORS_HEADER.value] as [string, string]] : []),
    ['Cache-Control', rule.cacheControl],
    ...(rule.contentType === undefined ? [] : [['Content-Type', rule.contentType] as [string, string]]),
  ];
}

/**
 * Netlify's and Cloudflare Pages' `_headers`. No rule covers every path: both platforms join the
 * values of every rule a path matches, and a page's Cache-Control would become two. Pages keep the
 * platforms' own default (public, max-age=0, must-revalidate).
 */
export function renderHeadersFile(rules: HostingRules): string {
  const blocks = rules.headers.map((rule) =>
    [
      `# ${rule.what}`,
      toSplatPath(rule.pattern),
      ...listRuleHeaders(rule).map(([name, value]) => `  ${name}: ${value}`),
    ].join('\n'),
  );
  if (rules.rootApiRedirect !== undefined) {
    blocks.push(
      [
        "# the host root's Statuspage API, redirected (see _redirects): CORS on the redirect itself",
        `${rules.rootApiRedirect.from}*`,
        `  ${CORS_HEADER.name}: ${CORS_HEADER.value}`,
        `  Cache-Control: ${REDIRECT_CACHE_CONTROL}`,
      ].join('\n'),
    );
  }
  return `${[
    `# Vigil's headers for Netlify and Cloudflare Pages (written by vigil build; ${describeSite(rules)}).`,
    '# Paths are from the host root: with a base path this file goes to the root of the publish directory.',
    "# Pages have no rule (values of every matching rule are joined): they keep the platform's max-age=0.",
    ...blocks,
  ].join('\n\n')}\n`;
}

/**
 * Netlify's and Cloudflare Pages' `_redirects`: the hosting files answered 404 (forced with "!": the
 * files exist, and Netlify applies no unforced rule to an existing file), and the root API redirect
 * when configured. Cloudflare Pages knows no 404 status here and ignores those lines.
 */
export function renderRedirectsFile(rules: HostingRules): string {
  const hidden = listHiddenPaths(rules, { atPublishRoot: true });
  const notFound = `${rules.prefix}/404.html`;
  const lines = [
    `# Vigil's redirects for Netlify and Cloudflare Pages (written by vigil build; ${describeSite(rules)}).`,
    '# The hosting files are not for readers: 404 on Netlify (Cloudflare Pages ignores these lines).',
    ...[...hidden.files, `${hidden.folder}*`].map((path) => `${path}  ${notFound}  404!`),
  ];
  if (rules.rootApiRedirect === undefined)
    lines.push('# No root API redirect: site.rootApiRedirect is off or the base is "/".');
  else {
    lines.push(
      "# Clients that assume the Statuspage API at the host root (Atlassian's status widget) follow this.",
      `${rules.rootApiRedirect.from}*  ${rules.rootApiRedirect.to}:splat  302`,
    );
  }
  return `${lines.join('\n')}\n`;
}

interface AzureRoute {
  route: string;
  headers?: Record<string, string>;
  redirect?: string;
  statusCode?: number;
}

/**
 * Azure Static Web Apps' `staticwebapp.config.json`. The hosting files and _hosting/ answer 404 (with
 * the 404 page, by responseOverrides). Routes match first-to-last, the first match wins,
 * and its headers are added to `globalHeaders` (a route's own value replaces the global one). Azure's
 * redirects take no wildcard substitution, so the root redirect names each API file.
 */
export function renderStaticWebAppConfig(rules: HostingRules): string {
  const hidden = listHiddenPaths(rules, { atPublishRoot: true });
  const routes: AzureRoute[] = [...hidden.files, `${hidden.folder}*`].map((route) => ({
    route,
    statusCode: 404,
  }));
  for (const rule of rules.headers)
    routes.push({ route: toSplatPath(rule.pattern), headers: Object.fromEntries(listRuleHeaders(rule)) });
  const redirect = rules.rootApiRedirect;
  if (redirect !== undefined) {
    for (const file of API_V2_FILES) {
      routes.push({
        route: `${redirect.from}${file}`,
        redirect: `${redirect.to}${file}`,
        statusCode: 302,
        headers: { [CORS_HEADER.name]: CORS_HEADER.value, 'Cache-Control': REDIRECT_CACHE_CONTROL },
      });
    }
  }
  const config = {
    routes,
    globalHeaders: { 'Cache-Control': PAGE_CACHE_CONTROL },
    mimeTypes: {
      '.atom': 'application/atom+xml; charset=utf-8',
      '.ics': 'text/calendar; charset=utf-8',
    },
    responseOverrides: { '404': { rewrite: `${rules.prefix}/404.html` } },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
