import { getRenderContext } from '../data/build-clock.ts';

/** A path under the site's base ("/status/" on a shared host), for links and assets. */
export function toSitePath(path: string, base: string = getSiteBase()): string {
  const trimmedBase = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${trimmedBase}/${path.replace(/^\/+/, '')}`;
}

/**
 * The base a render outside Astro (the data renderer, plain Node, where there is no import.meta.env)
 * renders for; else Astro's, inside a build or astro dev.
 */
function getSiteBase(): string {
  const env = import.meta.env as ImportMetaEnv | undefined;
  return getRenderContext()?.base ?? env?.BASE_URL ?? '/';
}
