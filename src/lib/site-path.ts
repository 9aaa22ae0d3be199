import { getRenderContext } from '../data/build-clock.ts';

/** A path under the site's base ("/status/" on a shared host), for links and assets. */
export function toSitePath(path: string, base: string = getSiteBase()): string {
  const trimmedBase = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${trimmedBase}/${path.replace(/^\/+/, '')}`;
}

/**
 * Astro's base inside a build or astro dev; outside Astro (the data renderer, plain Node) there is no
 * import.meta.env, and the render says which base it renders for.
 */
function getSiteBase(): string {
  const env = import.meta.env as ImportMetaEnv | undefined;
  return env?.BASE_URL ?? getRenderContext()?.base ?? '/';
}
