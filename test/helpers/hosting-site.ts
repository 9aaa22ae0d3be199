// A fixture site (test/helpers/site-scenarios.ts) built at a fixed clock with a chosen site.base and
// site.rootApiRedirect, laid out as a web server's root holds it: <root><base> is the built dist/.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { $ } from 'zx';
import { buildSite } from './build-site.ts';
import { getSiteFixtureConfigPath, type SiteFixtureName, writeSiteFixtureData } from './site-scenarios.ts';

/** Noon UTC: the fixtures' data is written relative to it, and the build judges by it. */
export const HOSTING_BUILT_AT_MS = Date.parse('2026-12-01T12:00:00.000Z');

export interface HostingSite {
  dir: string;
  configPath: string;
  dataDir: string;
  distDir: string;
  /** The web root: dist/ is at <webRoot><base>. */
  webRoot: string;
  base: string;
  remove: () => Promise<void>;
}

export async function buildHostingSite(options: {
  fixture: SiteFixtureName;
  base: string;
  rootApiRedirect: boolean;
  /** site.language; default the fixture's (English). */
  language?: string;
}): Promise<HostingSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-hosting-'));
  const fixture = await readFile(getSiteFixtureConfigPath(options.fixture), 'utf8');
  const language = options.language === undefined ? '' : `  language: ${options.language}\n`;
  const site = `  base: ${options.base}\n  rootApiRedirect: ${options.rootApiRedirect}\n${language}`;
  const config = fixture.replace(/^ {2}base: .*\n/m, '').replace(/^site:\n/m, `site:\n${site}`);
  const configPath = path.join(dir, 'status.config.yaml');
  const dataDir = path.join(dir, 'data');
  const distDir = path.join(dir, 'dist');
  const webRoot = path.join(dir, 'www');
  await writeFile(configPath, config);
  await writeSiteFixtureData(options.fixture, dataDir, HOSTING_BUILT_AT_MS);
  await buildSite({ configPath, dataDir, outDir: distDir, buildTimeMs: HOSTING_BUILT_AT_MS });
  // nginx's workers run as nobody when the tests run as root: the temp folder must be theirs to read.
  await $({ quiet: true })`chmod -R a+rX ${dir}`;
  if (options.base === '/') await symlink(distDir, webRoot);
  else {
    const mount = path.join(webRoot, options.base);
    await mkdir(path.dirname(mount.replace(/\/$/, '')), { recursive: true });
    await symlink(distDir, mount.replace(/\/$/, ''));
  }
  return {
    dir,
    configPath,
    dataDir,
    distDir,
    webRoot,
    base: options.base,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** nginx's server block for the site: its root and the snippet the build wrote. */
export function makeNginxServerBlock(site: HostingSite): string {
  return `    root ${site.webRoot};\n    include ${path.join(site.distDir, '_hosting', 'nginx.conf')};\n`;
}
