// @ts-check
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { satteri } from '@astrojs/markdown-satteri';
import { defineConfig } from 'astro/config';
import { resolveConfigPath, resolveDataDir } from './core/config/config-paths.ts';
import { loadConfig, neededBySite } from './core/config/load-config.ts';
import { createMarkdownSanitizer } from './core/incidents/markdown-sanitizer.ts';

// Same key as src/data/build-clock.ts: every page of one build judges freshness against one instant.
const BUILD_STARTED_AT_KEY = Symbol.for('vigil.buildStartedAtMs');

/**
 * `site` and `base` come from the Vigil config. An invalid config must not crash here: src/data loads
 * it again during the build and fails with every problem listed, which is more useful than a stack.
 */
async function readSiteAddress() {
  try {
    const { config } = await loadConfig({ path: resolveConfigPath(), needs: neededBySite });
    return config.site.url === undefined
      ? { base: config.site.base }
      : { site: config.site.url, base: config.site.base };
  } catch {
    // Reported by src/data/config.ts during the build; the defaults keep Astro starting meanwhile.
    return { base: '/' };
  }
}

/**
 * The build's clock: $VIGIL_BUILD_TIME (an ISO 8601 instant or epoch milliseconds) when set, so the
 * same data and clock build the same bytes (reproducible builds, tests); otherwise when the build starts.
 */
function readBuildTimeMs() {
  const value = process.env.VIGIL_BUILD_TIME?.trim();
  if (value === undefined || value === '') return Date.now();
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new Error(
      `VIGIL_BUILD_TIME: expected an instant like "2026-12-01T12:00:00Z" or epoch milliseconds, got "${value}"`,
    );
  return ms;
}

/**
 * Day files no earlier build folded are folded into the build cache by worker threads while Vite
 * bundles the pages (src/data/day-cache-warm.ts). A config that does not load starts none: the build
 * reports it.
 * @param {number} nowMs the build's clock
 */
async function startDayCacheWarmUp(nowMs) {
  try {
    process.env.VIGIL_CODE_FINGERPRINT ??= await fingerprintFoldCode();
    const { countWarmUpWorkers, startDayCacheWarmUp: start } = await import('./src/data/day-cache-warm.ts');
    if (countWarmUpWorkers() === 0) return;
    const { config } = await loadConfig({ path: resolveConfigPath(), needs: neededBySite });
    start({ config, dataDir: resolveDataDir(), nowMs });
  } catch {
    // The pages fold every day themselves.
  }
}

/**
 * A hash of the code a day's fold in the build cache depends on (core/ and src/data/): entries that
 * code of another version or a local edit wrote are never read (src/data/day-cache.ts).
 */
async function fingerprintFoldCode() {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const hash = createHash('sha1');
  for (const folder of ['core', 'src/data']) {
    const names = (await readdir(join(root, folder), { recursive: true }))
      .filter((name) => name.endsWith('.ts'))
      .sort();
    for (const name of names) hash.update(name).update(await readFile(join(root, folder, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

export default defineConfig({
  ...(await readSiteAddress()),
  output: 'static',
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  // One small stylesheet: inline, it costs a few KB per page and saves a render-blocking request.
  build: { inlineStylesheets: 'always' },
  // Incident markdown comes from pull requests: raw HTML is parsed, then sanitised (see markdown-sanitizer.ts).
  markdown: { processor: satteri({ features: { rawHtml: true }, hastPlugins: [createMarkdownSanitizer()] }) },
  integrations: [
    {
      name: 'vigil-build-clock',
      hooks: {
        'astro:build:start': async () => {
          const nowMs = readBuildTimeMs();
          /** @type {Record<symbol, unknown>} */ (globalThis)[BUILD_STARTED_AT_KEY] = nowMs;
          await startDayCacheWarmUp(nowMs);
        },
      },
    },
  ],
});
