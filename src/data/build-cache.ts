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
