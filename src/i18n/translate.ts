// t(): the one function every visible string of the site goes through, on the build and in the
// browser. The build registers the whole catalogue of the site's language (src/data/config.ts calls
// setSiteMessages); a browser page reads the browser part of it from the JSON that BaseLayout embeds
// (<script type="application/json" id="vigil-messages">), and its language from <html lang>.
//
// This module imports no catalogue itself, so a browser script that uses it bundles no text.
import { type FlatMessages, LANGUAGES, type Language, LOCALES, type Message } from './define.ts';

export type Params = Record<string, string | number>;

let siteLanguage: Language | undefined;
let siteMessages: FlatMessages | undefined;

/** Makes `messages` (the flat catalogue of `language`) the one t() reads; the build calls it once. */
export function setSiteMessages(language: Language, messages: FlatMessages): void {
  siteLanguage = language;
  siteMessages = messages;
  pluralRules = undefined;
}

/** The site's language: set by the build, or on a page its `<html lang>`; English otherwise. */
export function getSiteLanguage(): Language {
  if (siteLanguage !== undefined) return siteLanguage;
  const fromPage = globalThis.document?.documentElement?.lang;
  return (LANGUAGES as readonly string[]).includes(fromPage ?? '') ? (fromPage as Language) : 'en';
}

/** The BCP 47 locale Intl formats numbers and dates with for the site's language. */
export function getSiteLocale(): string {
  return LOCALES[getSiteLanguage()];
}

function readMessages(): FlatMessages {
  if (siteMessages !== undefined) return siteMessages;
  const embedded = globalThis.document?.getElementById('vigil-messages')?.textContent;
  siteMessages = embedded ? (JSON.parse(embedded) as FlatMessages) : {};
  return siteMessages;
}

let pluralRules: Intl.PluralRules | undefined;

function pick(message: Message, params: Params | undefined): string {
  if (typeof message === 'string') return message;
  const count = params?.count;
  if (typeof count !== 'number') return message.other;
  pluralRules ??= new Intl.PluralRules(getSiteLocale());
  return message[pluralRules.select(count)] ?? message.other;
}

const PLACEHOLDER = /\{(\w{1,40})\}/g;

/**
 * The text of `key` in the site's language, its {placeholders} filled from `params` (a number is
 * written as given: format it first where the locale matters). A message with plural forms is chosen
 * by `params.count`. An unknown key is a programming error: it throws on the build, and in a browser
 * shows the key itself rather than break the page.
 */
export function translate(key: string, params?: Params): string {
  const message = readMessages()[key];
  if (message === undefined) {
    if (globalThis.document === undefined) throw new Error(`Vigil's message catalogue has no key "${key}"`);
    return key;
  }
  const text = pick(message, params);
  if (params === undefined) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
