// @ts-check
import { fileURLToPath } from 'node:url';
import { satteri } from '@astrojs/markdown-satteri';
import { defineConfig } from 'astro/config';
import { resolveConfigPath, resolveDataDir } from './core/config/config-paths.ts';
import { loadConfig, neededBySite } from './core/config/load-config.ts';
import { createMarkdownSanitizer } from './core/incidents/markdown-sanitizer.ts';

// Same keys as src/data/build-clock.ts: every page of one build judges freshness against one instant,
// and caches of a render that ran earlier in this process (collectors/render) are never reused.
const BUILD_STARTED_AT_KEY = Symbol.for('vigil.buildStartedAtMs');
const BUILD_SERIAL_KEY = Symbol.for('vigil.buildSerial');
const RENDER_CONTEXT_KEY = Symbol.for('vigil.renderContext');

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
 * The hash of the code a day's fold in the build cache and the data outputs depend on
 * (src/data/code-fingerprint.ts): entries that code of another version or a local edit wrote are
 * never read, and a build record of other code sends the data renderer back to a full build.
 */
async function fingerprintFoldCode() {
  const { fingerprintSiteCode } = await import('./src/data/code-fingerprint.ts');
  return fingerprintSiteCode(fileURLToPath(new URL('.', import.meta.url)));
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
          const slots = /** @type {Record<symbol, unknown>} */ (globalThis);
          slots[BUILD_STARTED_AT_KEY] = nowMs;
          slots[BUILD_SERIAL_KEY] = (Number(slots[BUILD_SERIAL_KEY]) || 0) + 1;
          delete slots[RENDER_CONTEXT_KEY];
          await startDayCacheWarmUp(nowMs);
        },
        // Hosting files (_headers, _redirects, staticwebapp.config.json, _hosting/): src/data/hosting-files.ts
        'astro:build:done': async ({ dir }) => {
          const { config } = await loadConfig({ path: resolveConfigPath(), needs: neededBySite });
          const { writeHostingFiles } = await import('./src/data/hosting-files.ts');
          await writeHostingFiles(fileURLToPath(dir), config.site);
        },
      },
    },
  ],
});
