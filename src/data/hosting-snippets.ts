// The hosting rules (hosting-rules.ts) as server configuration: an nginx snippet of locations to
// include in a server block, and a Caddyfile (a snippet to import, and a site that imports it). The
// build writes both into dist/_hosting/, which they (and every other format) refuse to serve.
import {
  CORS_HEADER,
  describeSite,
  type HeaderRule,
  type HostingRules,
  listHiddenPaths,
  PAGE_CACHE_CONTROL,
  REDIRECT_CACHE_CONTROL,
} from './hosting-rules.ts';

const quote = (value: string) => JSON.stringify(value);
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function renderNginxHeaders(rule: Pick<HeaderRule, 'cors' | 'cacheControl'>, indent: string): string[] {
  return [
    ...(rule.cors ? [`${indent}add_header ${CORS_HEADER.name} ${quote(CORS_HEADER.value)} always;`] : []),
    `${indent}add_header Cache-Control ${quote(rule.cacheControl)} always;`,
  ];
}

/**
 * Locations for one nginx server block whose `root` holds the site at site.base. Each location adds
 * its own headers, since nginx's add_header in a location replaces those of the server.
 */
export function renderNginxSnippet(rules: HostingRules): string {
  const hidden = listHiddenPaths(rules);
  const names = hidden.files.map((file) => escapeRegex(file.slice(rules.prefix.length + 1))).join('|');
  const lines = [
    `# Vigil's locations for nginx (written by vigil build; ${describeSite(rules)}).`,
    `# Include inside a server { } block whose root holds the site at ${rules.base} (dist/ copied to`,
    `# <root>${rules.base}), e.g.  server { server_name status.example.org; root /var/www/html; include vigil.conf; }`,
    '',
    `location ^~ ${hidden.folder} { return 404; }`,
    `location ~ ^${escapeRegex(rules.prefix)}/(${names})$ { return 404; }`,
  ];
  for (const rule of rules.headers) {
    const match = rule.pattern.kind === 'folder' ? `^~ ${rule.pattern.path}` : `= ${rule.pattern.path}`;
    lines.push('', `# ${rule.what}`, `location ${match} {`);
    // An empty types map makes default_type the type of every file here.
    if (rule.contentType !== undefined)
      lines.push('  types { }', `  default_type ${quote(rule.contentType)};`);
    lines.push(...renderNginxHeaders(rule, '  '), '}');
  }
  lines.push(
    '',
    '# pages',
    `location ${rules.base} {`,
    ...renderNginxHeaders({ cors: false, cacheControl: PAGE_CACHE_CONTROL }, '  '),
    '  try_files $uri $uri/ $uri.html =404;',
    `  error_page 404 ${rules.prefix}/404.html;`,
    '}',
  );
  const redirect = rules.rootApiRedirect;
  if (redirect !== undefined) {
    lines.push(
      '',
      "# the host root's Statuspage API, for clients that assume it there (Atlassian's status widget);",
      '# CORS on the redirect itself, or a browser does not follow it across origins',
      `location ^~ ${redirect.from} {`,
      ...renderNginxHeaders({ cors: true, cacheControl: REDIRECT_CACHE_CONTROL }, '  '),
      `  return 302 ${rules.prefix}$request_uri;`,
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Caddyfile: the snippet `(vigil)` with every rule, and a site that imports it. The site's address
 * and root come from $VIGIL_ADDRESS and $VIGIL_ROOT (the folder that holds the site at site.base).
 */
export function renderCaddyfile(rules: HostingRules): string {
  const hidden = listHiddenPaths(rules);
  const toMatch = (rule: HeaderRule) =>
    rule.pattern.kind === 'folder' ? `${rule.pattern.path}*` : rule.pattern.path;
  const assets = rules.headers.filter((rule) => !rule.cors);
  const data = rules.headers.filter((rule) => rule.cors);
  const t = '\t';
  const lines = [
    `# Vigil's rules for Caddy (written by vigil build; ${describeSite(rules)}).`,
    '# Import the snippet in your own site block (import vigil), or run this file as it is:',
    '#   VIGIL_ADDRESS=status.example.org VIGIL_ROOT=/var/www/html caddy run --config Caddyfile',
    `# VIGIL_ROOT holds the site at ${rules.base} (dist/ copied to <root>${rules.base}).`,
    '(vigil) {',
    `${t}@vigilHidden path ${hidden.folder}* ${hidden.files.join(' ')}`,
    `${t}respond @vigilHidden 404`,
    '',
    `${t}@vigilAssets path ${assets.map(toMatch).join(' ')}`,
    `${t}header @vigilAssets Cache-Control ${quote(assets[0]?.cacheControl ?? PAGE_CACHE_CONTROL)}`,
    '',
    `${t}@vigilData path ${data.map(toMatch).join(' ')}`,
    `${t}header @vigilData {`,
    `${t}${t}${CORS_HEADER.name} ${quote(CORS_HEADER.value)}`,
    `${t}${t}Cache-Control ${quote(data[0]?.cacheControl ?? PAGE_CACHE_CONTROL)}`,
    `${t}}`,
  ];
  for (const rule of data) {
    if (rule.contentType !== undefined)
      lines.push(`${t}header ${toMatch(rule)} Content-Type ${quote(rule.contentType)}`);
  }
  lines.push(
    '',
    `${t}@vigilPages {`,
    `${t}${t}path ${rules.base}*`,
    `${t}${t}not path ${rules.headers.map(toMatch).join(' ')}`,
    `${t}}`,
    `${t}header @vigilPages Cache-Control ${quote(PAGE_CACHE_CONTROL)}`,
  );
  const redirect = rules.rootApiRedirect;
  if (redirect !== undefined) {
    lines.push(
      '',
      `${t}# the host root's Statuspage API, for clients that assume it there; CORS on the redirect itself`,
      `${t}@vigilRootApi path ${redirect.from}*`,
      `${t}handle @vigilRootApi {`,
      `${t}${t}header ${CORS_HEADER.name} ${quote(CORS_HEADER.value)}`,
      `${t}${t}header Cache-Control ${quote(REDIRECT_CACHE_CONTROL)}`,
      `${t}${t}redir * ${rules.prefix}{uri} 302`,
      `${t}}`,
    );
  }
  lines.push(
    '',
    `${t}handle_errors {`,
    `${t}${t}@vigilMissing {`,
    `${t}${t}${t}expression {err.status_code} == 404`,
    `${t}${t}${t}path ${rules.base}*`,
    `${t}${t}}`,
    `${t}${t}rewrite @vigilMissing ${rules.prefix}/404.html`,
    `${t}${t}file_server`,
    `${t}}`,
    '}',
    '',
    '{$VIGIL_ADDRESS:status.example.org} {',
    `${t}root * {$VIGIL_ROOT:/var/www/html}`,
    `${t}import vigil`,
    `${t}file_server`,
    '}',
  );
  return `${lines.join('\n')}\n`;
}
