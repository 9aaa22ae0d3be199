/** A path under the site's base ("/status/" on a shared host), for links and assets. */
export function toSitePath(path: string, base: string = import.meta.env.BASE_URL): string {
  const trimmedBase = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${trimmedBase}/${path.replace(/^\/+/, '')}`;
}
