// The whole message catalogue: every namespace, server and browser. Server-only (the build and the
// renderer import it); browser scripts read the browser part from the page (translate.ts).
import {
  type FlatMessages,
  LANGUAGES,
  type Language,
  LOCALES,
  type Message,
  type NamespaceMessages,
} from './define.ts';
import { messages as browserCluster } from './messages/browser/cluster.ts';
import { messages as browserCommon } from './messages/browser/common.ts';
import { messages as browserComponent } from './messages/browser/component.ts';
import { messages as cluster } from './messages/cluster.ts';
import { messages as common } from './messages/common.ts';
import { messages as component } from './messages/component.ts';
import { messages as embed } from './messages/embed.ts';
import { messages as feeds } from './messages/feeds.ts';
import { messages as incidents } from './messages/incidents.ts';
import { messages as reports } from './messages/reports.ts';

/** Namespaces browser scripts use: embedded (in the site's language only) in every page. */
export const BROWSER_NAMESPACES = { browserCommon, browserComponent, browserCluster } as const;

/** Namespaces only the build uses. */
export const SERVER_NAMESPACES = { common, incidents, component, cluster, reports, embed, feeds } as const;

const NAMESPACES = { ...SERVER_NAMESPACES, ...BROWSER_NAMESPACES } as const;

type KeysOf<Namespaces> = {
  [Name in keyof Namespaces & string]: Namespaces[Name] extends NamespaceMessages<infer Keys>
    ? `${Name}.${Keys}`
    : never;
}[keyof Namespaces & string];

/** Every key of the catalogue, "namespace.key". */
export type MessageKey = KeysOf<typeof NAMESPACES>;

/** The keys browser scripts may use. */
export type BrowserMessageKey = KeysOf<typeof BROWSER_NAMESPACES>;

function flatten(namespaces: Record<string, Record<Language, Record<string, Message>>>, language: Language) {
  const flat: FlatMessages = {};
  for (const [name, byLanguage] of Object.entries(namespaces)) {
    for (const [key, message] of Object.entries(byLanguage[language])) flat[`${name}.${key}`] = message;
  }
  return flat;
}

const flatByLanguage = new Map<Language, FlatMessages>();

/** The flat catalogue of one language, "namespace.key" → message. */
export function getCatalogue(language: Language): FlatMessages {
  let flat = flatByLanguage.get(language);
  if (flat === undefined) {
    flat = flatten(NAMESPACES, language);
    flatByLanguage.set(language, flat);
  }
  return flat;
}

/** The browser part of one language's catalogue, as BaseLayout embeds it. */
export function getBrowserCatalogue(language: Language): FlatMessages {
  return flatten(BROWSER_NAMESPACES, language);
}

const PLACEHOLDER = /\{(\w{1,40})\}/g;

function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string))].sort();
}

/**
 * How each form of `message` (each plural form, or the one text) differs in its placeholders from
 * English's (its `other` form): every form has exactly English's, except that a form for a single
 * amount ('one job', 'ein Knoten') may leave out {count}.
 */
function findPlaceholderProblems(message: Message, english: Message): string[] {
  const wanted = placeholdersOf(typeof english === 'string' ? english : english.other);
  const forms = typeof message === 'string' ? [['other', message] as const] : Object.entries(message);
  const problems: string[] = [];
  for (const [form, text] of forms) {
    if (text === undefined) continue;
    const has = placeholdersOf(text);
    const needed = form === 'other' ? wanted : wanted.filter((name) => name !== 'count');
    const missing = needed.filter((name) => !has.includes(name));
    const extra = has.filter((name) => !wanted.includes(name));
    if (missing.length > 0 || extra.length > 0) {
      const where = typeof message === 'string' ? '' : ` (its "${form}" form)`;
      problems.push(`has placeholders {${has.join(',')}}${where}, English has {${wanted.join(',')}}`);
    }
  }
  return problems;
}

/**
 * What is wrong with the catalogue, one line each, naming the namespace file, the language and the
 * key: a key one language lacks or only it has, a plural message without a form its language needs,
 * or placeholders that differ from English's. Empty when every language is complete.
 */
export function findCatalogueProblems(
  namespaces: Record<string, Record<Language, Record<string, Message>>> = NAMESPACES,
): string[] {
  const problems: string[] = [];
  for (const [name, byLanguage] of Object.entries(namespaces)) {
    const file = `src/i18n/messages/${name.startsWith('browser') ? `browser/${name.slice(7).toLowerCase()}` : name}.ts`;
    const english = byLanguage.en;
    for (const language of LANGUAGES) {
      const texts = byLanguage[language];
      if (texts === undefined) {
        problems.push(`${file}: no "${language}" texts`);
        continue;
      }
      const categories = new Intl.PluralRules(LOCALES[language]).resolvedOptions().pluralCategories;
      for (const key of Object.keys(english)) {
        const message = texts[key];
        if (message === undefined) {
          problems.push(`${file}: "${language}" is missing ${name}.${key}`);
          continue;
        }
        if (typeof message !== 'string') {
          for (const category of categories) {
            if (message[category] === undefined)
              problems.push(`${file}: "${language}" ${name}.${key} has no "${category}" form`);
          }
        }
        for (const problem of findPlaceholderProblems(message, english[key] as Message))
          problems.push(`${file}: "${language}" ${name}.${key} ${problem}`);
      }
      for (const key of Object.keys(texts)) {
        if (!(key in english))
          problems.push(`${file}: "${language}" has ${name}.${key}, which English lacks`);
      }
    }
  }
  return problems;
}
