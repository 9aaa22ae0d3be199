// The shape of Vigil's message catalogue. Every visible string of the site is a message: one text per
// language, under one key. A message is either a plain text or, where it counts something, one text
// per plural category of the language (Intl.PluralRules: English "one"/"other", Japanese "other").
// Placeholders are written {name} and filled from the params given to t().
//
// Free of imports: browser scripts import this module (through translate.ts).

/** The languages a site can be built in (`site.language`). English is the reference catalogue. */
export const LANGUAGES = ['en', 'ja', 'de'] as const;

export type Language = (typeof LANGUAGES)[number];

/** The BCP 47 locale Intl formats numbers, dates and plurals with, per language (English is British). */
export const LOCALES: Record<Language, string> = { en: 'en-GB', ja: 'ja', de: 'de' };

/** One text per plural category; `other` is always present (the only one Japanese uses). */
export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | PluralMessage;

/** One namespace's texts in every language: each language has exactly the English keys. */
export type NamespaceMessages<Keys extends string> = { en: Record<Keys, Message> } & Record<
  Exclude<Language, 'en'>,
  Record<Keys, Message>
>;

/**
 * Declares one namespace of the catalogue. TypeScript refuses a language that lacks a key English has
 * (or has one English lacks); `findCatalogueProblems` checks the same at build time, so a missing key
 * fails the build even where no type checker ran.
 */
export function defineMessages<const Keys extends string>(
  messages: { en: Record<Keys, Message> } & Record<Exclude<Language, 'en'>, Record<Keys, Message>>,
): NamespaceMessages<Keys> {
  return messages;
}

/** The flat catalogue of one language: "namespace.key" → message. */
export type FlatMessages = Record<string, Message>;
