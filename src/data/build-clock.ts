// Set by the integration in astro.config.mjs when a build starts (same key there).
const BUILD_STARTED_AT_KEY = Symbol.for('vigil.buildStartedAtMs');

// Outside a build (astro dev) each request sees fresh data; caches live this long there.
const DEV_CACHE_MS = 5000;

/** The instant this build judges freshness against: one value for every page of one build. */
export function getBuildTimeMs(): number {
  const startedAtMs = (globalThis as Record<symbol, unknown>)[BUILD_STARTED_AT_KEY];
  return typeof startedAtMs === 'number' ? startedAtMs : Date.now();
}

/**
 * A key that changes with each build (and every few seconds under astro dev), so caches that are
 * shared by all pages of one build are never reused by the next build in the same process.
 */
export function getBuildCacheKey(): string {
  const startedAtMs = (globalThis as Record<symbol, unknown>)[BUILD_STARTED_AT_KEY];
  return typeof startedAtMs === 'number'
    ? `build:${startedAtMs}`
    : `dev:${Math.floor(Date.now() / DEV_CACHE_MS)}`;
}
