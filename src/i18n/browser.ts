// t() for code that also runs in the browser (src/scripts, and src/lib modules they import): only the
// browser namespaces' keys, which BaseLayout embeds in every page in the site's language.
import type { BrowserMessageKey } from './catalogue.ts';
import { type Params, translate } from './translate.ts';

export type { BrowserMessageKey } from './catalogue.ts';
export { getSiteLanguage, getSiteLocale } from './translate.ts';

/** The text of `key` in the page's language, {placeholders} filled from `params`. */
export function t(key: BrowserMessageKey, params?: Params): string {
  return translate(key, params);
}
