import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHeadersFile, renderRedirectsFile, renderStaticWebAppConfig } from './hosting-formats.ts';
import { getHostingRules, HOSTING_DIR, type HostingSite } from './hosting-rules.ts';
import { renderCaddyfile, renderNginxSnippet } from './hosting-snippets.ts';

/** Every hosting file of a site, by its path in dist/. */
export function renderHostingFiles(site: HostingSite): Record<string, string> {
  const rules = getHostingRules(site);
  return {
    _headers: renderHeadersFile(rules),
    _redirects: renderRedirectsFile(rules),
    'staticwebapp.config.json': renderStaticWebAppConfig(rules),
    [`${HOSTING_DIR}/nginx.conf`]: renderNginxSnippet(rules),
    [`${HOSTING_DIR}/Caddyfile`]: renderCaddyfile(rules),
  };
}

/**
 * Writes the hosting files into a finished build's folder (astro.config.mjs, at astro:build:done), so
 * `vigil build` and `astro build` alike ship them; they depend on the config alone.
 */
export async function writeHostingFiles(outDir: string, site: HostingSite): Promise<void> {
  await mkdir(path.join(outDir, HOSTING_DIR), { recursive: true });
  await Promise.all(
    Object.entries(renderHostingFiles(site)).map(([name, text]) => writeFile(path.join(outDir, name), text)),
  );
}
