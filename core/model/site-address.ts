// Where the site lives and how the API names it: `site.url` and `site.pageId`. The shape of a page id,
// a fresh one for `vigil init`, and the warnings `vigil build` and `vigil validate` print while either
// is missing. Free of Node imports (crypto.getRandomValues is global in Node and browsers).

/** What `site.pageId` may be: the shape of a Statuspage page id, lowercase and URL-safe. */
export const PAGE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{2,38}[a-z0-9])$/;

const PAGE_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PAGE_ID_LETTERS = 26;

/**
 * A random 12-character page id like Statuspage's own ("k7x2m9q4v1ds"), for `vigil init` and
 * `vigil import`. It starts with a letter, so YAML never reads it as a number (12345e678901, 0x1a2b).
 */
export function generatePageId(
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  // Bytes at or above the largest multiple of the alphabet's size below 256 (234 for 26 letters, 252
  // for 36 letters and digits) are skipped, so no character is likelier than another.
  let id = '';
  while (id.length < 12) {
    for (const byte of fillRandom(new Uint8Array(16))) {
      const size = id.length === 0 ? PAGE_ID_LETTERS : PAGE_ID_ALPHABET.length;
      if (byte < 256 - (256 % size) && id.length < 12) id += PAGE_ID_ALPHABET[byte % size];
    }
  }
  return id;
}

/** The site settings the warnings read. */
export interface SiteAddress {
  url?: string | undefined;
  pageId?: string | undefined;
  /** site.base, for the warning's example path (default "/"). */
  base?: string | undefined;
}

/** `vigil build`'s and `vigil validate`'s warning while `site.url` is missing; undefined when set. */
export function describeMissingSiteUrl(site: SiteAddress): string | undefined {
  if (site.url !== undefined) return undefined;
  const base = site.base === undefined || site.base === '' ? '/' : site.base.replace(/\/?$/, '/');
  return `site.url: not set; the feeds, the calendar, canonical links and the API (page.url, shortlinks) carry paths without a host ("${base}incidents/…"), and the calendar no event URL. Set it to the address the site is served at, such as "https://status.example.org"`;
}

/** `vigil validate`'s warning while `site.pageId` is missing, suggesting a fresh id; undefined when set. */
export function describeMissingPageId(site: SiteAddress, suggestedId = generatePageId()): string | undefined {
  if (site.pageId !== undefined) return undefined;
  const from = site.url === undefined ? 'is the fixed "status"' : 'is made from site.url and changes with it';
  return `site.pageId: not set; the API's page.id ${from}. Add a stable id under site:, such as pageId: ${suggestedId}`;
}
