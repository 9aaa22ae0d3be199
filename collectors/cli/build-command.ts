import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { requireBrandingFiles } from '../../core/config/branding-files.ts';
import { SITE_INPUT_PROBLEM } from '../../core/config/config-error.ts';
import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';
import { displayPath } from '../../core/config/display-path.ts';
import { loadConfig, neededBySite } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { describeMissingSiteUrl } from '../../core/model/site-address.ts';
import { awaitChildrenEnded } from '../build/await-children.ts';
import { type SyncSummary, syncBuildOutput } from '../build/sync-output.ts';
import { readBuildInputs, writeBuildRecord } from '../render/build-record.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { requireDirectories, requireValidIncidents } from './require-inputs.ts';

export const BUILD_HELP = `Usage: vigil build [--config FILE] [--data DIR] [--out DIR]

Renders the static site from the config and data/ into --out (default: dist).
  --config FILE   config file (default: status.config.yaml, or $VIGIL_CONFIG)
  --data DIR      data directory (default: data, or $VIGIL_DATA)
  --out DIR       output directory (default: dist); only files whose bytes changed are rewritten
Environment:
  VIGIL_BUILD_TIME  build as of this instant (ISO 8601 or epoch ms) instead of now, for reproducible builds`;

export interface BuildInputs {
  configPath: string;
  dataDir: string;
  outDir: string;
  /** The instant the build judges freshness against; default: $VIGIL_BUILD_TIME, else when it starts. */
  buildTimeMs?: number;
}

/** `vigil build`: validates the config first (exit 1 with every problem), then runs astro build. */
export async function buildCommand(args: string[]): Promise<number> {
  const flags = parseFlags('build', args, {
    config: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
  });
  if (flags.help) {
    process.stdout.write(`${BUILD_HELP}\n`);
    return EXIT.ok;
  }
  const inputs = resolveBuildInputs(flags);
  await requireDirectories('build', { data: inputs.dataDir, out: inputs.outDir });
  const { config } = await loadConfig({ path: inputs.configPath, needs: neededBySite });
  // Only here, not in buildSite: `vigil start`'s local preview needs no public address.
  const siteUrlWarning = describeMissingSiteUrl(config.site);
  if (siteUrlWarning !== undefined)
    console.error(`warning: ${displayPath(inputs.configPath)}: ${siteUrlWarning}`);
  await requireValidIncidents(inputs.dataDir, config);
  // The files site.css, site.favicon and site.socialImage name, also before Astro starts.
  await requireBrandingFiles(config.site, inputs.configPath);
  const { written, kept, removed } = await buildSite(inputs);
  console.log(
    `vigil build: site written to ${displayPath(inputs.outDir)} (${countNoun(written, 'file')} written, ${kept} unchanged, ${removed} removed)`,
  );
  return EXIT.ok;
}

export function resolveBuildInputs(flags: {
  config?: string | undefined;
  data?: string | undefined;
  out?: string | undefined;
}): BuildInputs {
  return {
    configPath: resolveConfigPath(flags.config),
    dataDir: resolveDataDir(flags.data),
    outDir: resolve(flags.out ?? 'dist'),
  };
}

/**
 * Runs Astro's own build over Vigil's site with these inputs, passed the way astro.config.mjs reads
 * them ($VIGIL_CONFIG, $VIGIL_DATA, $VIGIL_BUILD_TIME), all restored afterwards. Astro builds into a
 * staging folder beside the output folder; only then are changed files moved into place
 * (syncBuildOutput), so a failed build leaves the previous site as it was. A successful build is
 * recorded in the build cache (collectors/render/build-record.ts): the data renderer renders the
 * data outputs between full builds while config, code, incidents and the day stay as built. One
 * build at a time per process.
 */
export async function buildSite(inputs: BuildInputs): Promise<SyncSummary> {
  // Read before Astro runs: a file edited while it builds then reads as changed to the renderer.
  const [seen, base] = await Promise.all([
    readBuildInputs(inputs.configPath, inputs.dataDir),
    // An invalid config fails the build itself, with every problem listed (src/data/config.ts).
    loadConfig({ path: inputs.configPath, needs: neededBySite }).then(
      ({ config }) => config.site.base,
      () => undefined,
    ),
  ]);
  // BASE_URL in the environment (Vitest sets one, so may a CI) overrides the config's site.base in
  // import.meta.env.BASE_URL, and every link would lose its base: it is unset for the build.
  const savedEnv = {
    VIGIL_CONFIG: process.env.VIGIL_CONFIG,
    VIGIL_DATA: process.env.VIGIL_DATA,
    VIGIL_BUILD_TIME: process.env.VIGIL_BUILD_TIME,
    BASE_URL: process.env.BASE_URL,
  };
  // With an outDir outside the working directory Astro writes its prerender chunks to <cwd>/.astro/;
  // a private folder inside the project keeps the user's directory clean and concurrent builds apart,
  // while the chunks still resolve packages from node_modules.
  const stagingDir = await prepareStagingDir(inputs.outDir);
  const scratchRoot = join(PROJECT_ROOT, '.astro');
  await mkdir(scratchRoot, { recursive: true });
  const scratchDir = await mkdtemp(join(scratchRoot, 'build-'));
  // Loaded before the chdir: esbuild starts its service in the working directory it was loaded in,
  // and the scratch folder is gone by the next build.
  const esbuild = await import('esbuild');
  const savedCwd = process.cwd();
  delete process.env.BASE_URL;
  Object.assign(process.env, {
    VIGIL_CONFIG: inputs.configPath,
    VIGIL_DATA: inputs.dataDir,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...(inputs.buildTimeMs === undefined ? {} : { VIGIL_BUILD_TIME: String(inputs.buildTimeMs) }),
  });
  process.chdir(scratchDir);
  try {
    const { build } = await import('astro');
    try {
      // A cache of its own: Astro keeps the content store (incidents) there, and builds running at
      // once (tests, a preview beside a scheduled build) must not read each other's.
      await build({
        root: PROJECT_ROOT,
        outDir: stagingDir,
        cacheDir: await prepareCacheDir(scratchRoot),
        logLevel: 'warn',
      }).catch((error: unknown) => {
        // The site refuses invalid input (config, incidents, branding) with this message: exit 1,
        // the message alone. Anything else is a fault of the build itself and keeps its stack.
        if (error instanceof Error && error.message.startsWith(SITE_INPUT_PROBLEM)) {
          throw new UsageError(error.message);
        }
        throw error;
      });
    } finally {
      // esbuild's service process (started by Astro's import.meta.env transform and by
      // src/data/inline-script.ts) stays up, unref'd, until this process exits, and would be left
      // behind in `vigil build`'s process group. The next use starts it again.
      await esbuild.stop();
      // stop() kills the service without waiting: reaped here, it is not left a zombie of the group.
      await awaitChildrenEnded('esbuild');
    }
    const summary = await syncBuildOutput(stagingDir, inputs.outDir);
    if (base !== undefined) await writeBuildRecord({ ...inputs, base }, seen);
    return summary;
  } finally {
    process.chdir(savedCwd);
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(scratchDir, { recursive: true, force: true });
    await rm(stagingDir, { recursive: true, force: true });
  }
}

/**
 * A fresh staging folder beside the output folder (the same filesystem, so files move in by rename),
 * named after this process; folders left by builds whose process has ended (killed) are removed.
 */
async function prepareStagingDir(outDir: string): Promise<string> {
  const parent = dirname(outDir);
  const prefix = `.${basename(outDir)}.vigil-build-`;
  try {
    await mkdir(parent, { recursive: true });
    for (const name of await readdir(parent)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid))
        await rm(join(parent, name), { recursive: true, force: true });
    }
    return await mkdtemp(join(parent, `${prefix}${process.pid}-`));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    // A parent this user cannot write (a deploy user who owns only the web root, an output volume
    // under a read-only root): staged in the temp folder and copied in (syncBuildOutput copies
    // across filesystems).
    return mkdtemp(join(tmpdir(), `vigil-build-${process.pid}-`));
  }
}

/**
 * Astro's cache, content store (incidents) included, one per process: builds running at once in
 * several processes (a test run, a preview beside a scheduled build) must not share one. It outlives
 * the build because Astro writes the store after the build returns; a later build removes the
 * caches of processes that have ended.
 */
async function prepareCacheDir(scratchRoot: string): Promise<string> {
  for (const name of await readdir(scratchRoot)) {
    const pid = Number(/^cache-(\d+)$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid))
      await rm(join(scratchRoot, name), { recursive: true, force: true });
  }
  return join(scratchRoot, `cache-${process.pid}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
