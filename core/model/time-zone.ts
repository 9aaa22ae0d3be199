// Free of zod: the site's browser scripts import it through src/lib/format.ts.

/** The zone every time on the site is shown in unless `site.timeZone` names another. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** Whether `zone` is an IANA time zone name this runtime knows ("Europe/Berlin", "UTC"). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    // A RangeError is the runtime's way of saying "no such zone".
    return false;
  }
}
