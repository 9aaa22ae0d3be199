import { getBuildCacheKey, getRenderContext } from './build-clock.ts';
import { getSiteInputs, type SiteInputs } from './inputs.ts';

/**
 * Wraps a loader so all pages of one build share one result (one read of data/ per build, not one
 * per page). A new build or render, or other inputs, loads afresh.
 */
export function cachePerBuild<T>(load: (inputs: SiteInputs) => Promise<T>): () => Promise<T> {
  let cached: { key: string; value: Promise<T> } | undefined;
  return () => {
    const inputs = getRenderContext()?.inputs ?? getSiteInputs();
    const key = `${getBuildCacheKey()}\0${inputs.configPath}\0${inputs.dataDir}`;
    if (cached?.key !== key) cached = { key, value: load(inputs) };
    return cached.value;
  };
}

/**
 * cachePerBuild for what depends only on the config and the incident files: a build reads it once,
 * and a series of renders outside Astro reads it once while both stay as they were.
 */
export function cacheAcrossRenders<T>(load: (inputs: SiteInputs) => Promise<T>): () => Promise<T> {
  let cached: { key: string; value: Promise<T> } | undefined;
  return () => {
    const context = getRenderContext();
    const inputs = context?.inputs ?? getSiteInputs();
    const scope = context === undefined ? getBuildCacheKey() : `render:${context.staticKey}`;
    const key = `${scope}\0${inputs.configPath}\0${inputs.dataDir}`;
    if (cached?.key !== key) {
      const entry = { key, value: load(inputs) };
      // A failed read (a file replaced at that moment) is tried again by the next render.
      entry.value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.value;
  };
}
