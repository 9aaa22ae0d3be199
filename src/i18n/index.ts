// The build's side of the catalogue: t() over every key, and the language the site is built in.
// Browser scripts import src/i18n/browser.ts instead, which bundles no text.
import { SITE_INPUT_PROBLEM } from '../../core/config/config-error.ts';
import { findCatalogueProblems, getCatalogue, type MessageKey } from './catalogue.ts';
import type { Language } from './define.ts';
import { type Params, setSiteMessages, translate } from './translate.ts';

export type { BrowserMessageKey, MessageKey } from './catalogue.ts';
export { LANGUAGES, type Language } from './define.ts';
export { getSiteLanguage, getSiteLocale, type Params } from './translate.ts';

/** The text of `key` in the site's language, {placeholders} filled from `params` (see translate.ts). */
export function t(key: MessageKey, params?: Params): string {
  return translate(key, params);
}

/**
 * Builds the site in `language`: checks the whole catalogue first, so a language that lacks a key
 * (or a plural form, or has other placeholders than English) fails the build, naming each one.
 */
export function useSiteLanguage(language: Language): void {
  const problems = findCatalogueProblems();
  if (problems.length > 0) {
    // SITE_INPUT_PROBLEM: `vigil build` exits 1 with this message alone, no stack trace.
    throw new Error(
      `${SITE_INPUT_PROBLEM} the message catalogue is incomplete (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
    );
  }
  setSiteMessages(language, getCatalogue(language));
}
