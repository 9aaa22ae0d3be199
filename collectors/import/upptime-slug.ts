// Upptime names each site's history file history/<slug>.yml; the imported check keeps that slug as
// its id, so a site's history and badges (api/<slug>/…) find it under the same name.
import { ID_PATTERN } from '../../core/model/checks/base-check.ts';
import { RESERVED_IDS } from '../../core/model/reserved-ids.ts';

/** Letters that transliterate to more than their base letter (as Upptime's slugify does: ä → ae). */
const SPELLED_OUT: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
  '&': ' and ',
  '♥': ' love ',
};

/**
 * Upptime's slug of a site name, by the rule its docs and history files show: letters transliterated
 * to ASCII ("Déjà vu" → "deja-vu"), camelCase split into words ("IPv6 Test" → "i-pv6-test", "GitHub"
 * → "git-hub"), lower case, every other run of characters one "-". A name with no ASCII letter or digit
 * keeps its own characters, as Upptime then does ("鸭鸭梨"); an explicit `slug:` wins over all of it.
 */
export function slugifyUpptimeName(name: string): string {
  const ascii = [...name.normalize('NFC')]
    .map((char) => SPELLED_OUT[char] ?? char)
    .join('')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const words = ascii
    .replace(/([A-Z]{2,})(\d+)/g, '$1 $2')
    .replace(/([a-z\d]+)([A-Z]{2,})/g, '$1 $2')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1 $2');
  const slug = words
    .toLowerCase()
    .replace(/[^a-z\d]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug !== '') return slug;
  return name
    .normalize('NFKC')
    .trim()
    .replace(/[\\/<>:"|?*#%\s]+/g, '-')
    .replace(/\p{Cc}/gu, '')
    .replace(/-+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
}

/** The slug Upptime files a site's history under: its `slug:`, else the slug of its name, else of its URL. */
export function getUpptimeSlug(site: { name?: unknown; slug?: unknown; url?: unknown }): string {
  if (typeof site.slug === 'string' && site.slug.trim() !== '') return site.slug.trim();
  const fromName = typeof site.name === 'string' ? slugifyUpptimeName(site.name) : '';
  if (fromName !== '') return fromName;
  const fromUrl = typeof site.url === 'string' ? slugifyUpptimeName(site.url) : '';
  return fromUrl === '' ? 'site' : fromUrl;
}

/**
 * The Vigil check id for an Upptime slug: the slug itself when it is already a URL-safe id (the usual
 * case), else lower-cased with other characters as "-"; a reserved id gets "-site" after it. Both the
 * config importer and the history importer use it, so a check finds its history/<slug>.yml.
 */
export function toVigilCheckId(slug: string): string {
  let id = slug;
  if (!ID_PATTERN.test(id)) {
    id = slug
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[-_]+|-+$/g, '');
  }
  if (id === '') id = `site-${[...slug].map((char) => char.codePointAt(0)?.toString(16)).join('')}`;
  return RESERVED_IDS.includes(id) ? `${id}-site` : id;
}
