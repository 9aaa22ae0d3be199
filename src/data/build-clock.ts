import type { SiteInputs } from './inputs.ts';

// Set by the integration in astro.config.mjs when a build starts (same keys there), and by beginRender.
const BUILD_STARTED_AT_KEY = Symbol.for('vigil.buildStartedAtMs');
// Bumped by every build and render that starts in this process: two of them at one instant still
// get keys of their own.
const BUILD_SERIAL_KEY = Symbol.for('vigil.buildSerial');
// What a render outside Astro reads (beginRender); an Astro build reads $VIGIL_CONFIG and $VIGIL_DATA.
const RENDER_CONTEXT_KEY = Symbol.for('vigil.renderContext');

// Outside a build (astro dev) each request sees fresh data; caches live this long there.
const DEV_CACHE_MS = 5000;

/** What a render outside Astro (collectors/render) renders from, and under which base path. */
export interface RenderContext {
  inputs: SiteInputs;
  /** `site.base` of the config: what import.meta.env.BASE_URL holds inside an Astro build. */
  base: string;
  /**
   * Changes when the config or an incident file does (the renderer checks both before each render):
   * what depends on them alone is read once for every render under one key (cacheAcrossRenders).
   */
  staticKey: string;
}

const slots = globalThis as Record<symbol, unknown>;

/** The instant this build judges freshness against: one value for every page of one build. */
export function getBuildTimeMs(): number {
  const startedAtMs = slots[BUILD_STARTED_AT_KEY];
  return typeof startedAtMs === 'number' ? startedAtMs : Date.now();
}

/**
 * A key that changes with each build or render (and every few seconds under astro dev), so caches
 * shared by all outputs of one build are never reused by the next build or render in the process.
 */
export function getBuildCacheKey(): string {
  const startedAtMs = slots[BUILD_STARTED_AT_KEY];
  const serial = slots[BUILD_SERIAL_KEY];
  return typeof startedAtMs === 'number'
    ? `build:${startedAtMs}:${typeof serial === 'number' ? serial : 0}`
    : `dev:${Math.floor(Date.now() / DEV_CACHE_MS)}`;
}

/**
 * Starts one render of the data outputs outside Astro, as of nowMs: every loader reads afresh once,
 * and every output of the render shares what it read.
 */
export function beginRender(nowMs: number, context: RenderContext): void {
  slots[BUILD_STARTED_AT_KEY] = nowMs;
  slots[BUILD_SERIAL_KEY] = (typeof slots[BUILD_SERIAL_KEY] === 'number' ? slots[BUILD_SERIAL_KEY] : 0) + 1;
  slots[RENDER_CONTEXT_KEY] = context;
}

/** Ends the renders outside Astro: loaders read $VIGIL_CONFIG and $VIGIL_DATA again. */
export function endRenders(): void {
  delete slots[RENDER_CONTEXT_KEY];
}

/** The context of the render under way outside Astro; undefined inside an Astro build. */
export function getRenderContext(): RenderContext | undefined {
  return slots[RENDER_CONTEXT_KEY] as RenderContext | undefined;
}
