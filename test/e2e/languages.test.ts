import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { getCatalogue } from '../../src/i18n/catalogue.ts';
import type { Language } from '../../src/i18n/define.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { writeHpcSite } from '../helpers/hpc-site.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

// Issue 20's "Done when" for languages: a Japanese (and a German) build of a rich site — web checks,
// a SLURM cluster with login node and filesystem, a host, a resolved and an active incident and a
// maintenance in progress (test/helpers/hpc-site.ts) — shows no English catalogue text on any page,
// in the built HTML (every text and visible attribute, hidden parts included) nor in the page as the
// browser leaves it after its scripts ran; <html lang> is set, dates and numbers are the locale's.
// And a catalogue that lacks a key stops `vigil build` with exit 1, naming the key.

const root = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);
// A fixed noon: the site's data and its build clock (never the wall clock).
const BUILT_AT_MS = Date.UTC(2026, 10, 22, 12, 0);

/** Attributes people read or hear: their values count as the page's text. */
const READ_ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder', 'aria-description'];

const decode = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&nbsp;', '\u00a0')
    .replaceAll('&amp;', '&');

/**
 * The built page's text for people: every text node and read attribute, hidden ones included;
 * scripts, styles and the embedded catalogue (JSON) left out, and <code> (config names, commands).
 */
function readBuiltText(html: string): string {
  const attributes: string[] = [];
  const attributePattern = new RegExp(`\\s(?:${READ_ATTRIBUTES.join('|')})="([^"]*)"`, 'g');
  for (const match of html.matchAll(attributePattern)) attributes.push(decode(match[1] as string));
  for (const match of html.matchAll(/<meta name="description" content="([^"]*)"/g))
    attributes.push(decode(match[1] as string));
  const text = html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ' ')
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, ' ')
    .replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return `${decode(text)} ${attributes.join(' ')}`.replace(/\s+/g, ' ');
}

interface EnglishText {
  key: string;
  text: string;
  pattern: RegExp;
}

/**
 * Every English text of the catalogue whose `language` text differs: each piece between its
 * placeholders that holds a word of three letters or more, matched as whole words, unless the
 * language's own texts use it too.
 */
function listEnglishTexts(language: Language): EnglishText[] {
  const english = getCatalogue('en');
  const translated = getCatalogue(language);
  const forms = (message: unknown) =>
    typeof message === 'string' ? [message] : Object.values(message as Record<string, string>);
  const texts: EnglishText[] = [];
  const allTranslated = Object.values(translated).flatMap(forms).join('\n');
  for (const [key, message] of Object.entries(english)) {
    const own = forms(translated[key]).join('\n');
    for (const form of forms(message)) {
      for (const piece of form.split(/\{\w+\}/)) {
        const text = piece.replace(/^[\s,;:·.()—–-]+|[\s,;:·.()—–-]+$/g, '').replace(/\s+/g, ' ');
        if (!/[A-Za-z]{3}/.test(text) || own.includes(text)) continue;
        if (texts.some((known) => known.text === text)) continue;
        const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        // A whole word or phrase, not part of a file name ("status.json", "badges/status.svg").
        const pattern = new RegExp(`(?<![A-Za-z/_-])${escaped}(?![A-Za-z_-]|\\.[a-z])`);
        // A word the language uses too (German "Last", "Status") is no sign of English.
        if (pattern.test(allTranslated)) continue;
        texts.push({ key, text, pattern });
      }
    }
  }
  return texts;
}

async function listHtmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}_hosting${path.sep}`))
    .sort();
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value.trim());
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) collectStrings(item, into);
}

/**
 * The site's own words, which stay as written in any language (docs/languages.md): every string of
 * its config and incident files (frontmatter and body lines) and of the newest snapshot file of each
 * source (probe messages, a scheduler's reservation names). Longest first; only those of 8
 * characters or more, so a short one never hides a catalogue word.
 */
async function listDataTexts(siteDir: string): Promise<string[]> {
  const texts = new Set<string>();
  collectStrings(parse(await readFile(path.join(siteDir, 'status.config.yaml'), 'utf8')), texts);
  const incidentsDir = path.join(siteDir, 'data', 'incidents');
  for (const name of await readdir(incidentsDir)) {
    const [, frontmatter = '', body = ''] = (await readFile(path.join(incidentsDir, name), 'utf8')).split(
      /^---$/m,
    );
    collectStrings(parse(frontmatter), texts);
    for (const line of body.split('\n')) texts.add(line.replace(/^[#>*\s-]+/, '').trim());
  }
  const files = (await readdir(path.join(siteDir, 'data'), { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  const newestByDir = new Map(files.map((file) => [path.dirname(file), file]));
  for (const file of newestByDir.values()) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (line !== '') collectStrings((JSON.parse(line) as { results: unknown }).results, texts);
    }
  }
  return [...texts].filter((text) => text.length >= 8).sort((a, b) => b.length - a.length);
}

/** Where each English text still shows: "<page>: "<text>" (<key>)", the site's own words left out. */
function findLeaks(
  pageName: string,
  pageText: string,
  englishTexts: readonly EnglishText[],
  dataTexts: readonly string[],
): string[] {
  let text = pageText;
  for (const data of dataTexts) text = text.split(data).join(' ¦ ');
  return englishTexts
    .filter((english) => english.pattern.test(text))
    .map((english) => `${pageName}: "${english.text}" (${english.key})`);
}

interface LanguageSite {
  dir: string;
  outDir: string;
  server: StaticServer;
  pages: string[];
  dataTexts: string[];
}

async function buildLanguageSite(language: Language): Promise<LanguageSite> {
  const dir = await mkdtemp(path.join(tmpdir(), `vigil-language-${language}-`));
  const site = await writeHpcSite({ dir, nowMs: BUILT_AT_MS });
  const config = parse(await readFile(site.configPath, 'utf8')) as { site: Record<string, unknown> };
  config.site.language = language;
  await writeFile(site.configPath, stringify(config));
  const outDir = path.join(dir, 'dist');
  await buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir, buildTimeMs: BUILT_AT_MS });
  const files = await listHtmlFiles(outDir);
  const pages = files.map((file) => `/${path.relative(outDir, file).replace(/index\.html$/, '')}`);
  return { dir, outDir, server: await serveStatic(outDir), pages, dataTexts: await listDataTexts(dir) };
}

describe.each([
  {
    language: 'ja' as const,
    // The build's moment in the site's zone (UTC), as the locale writes a date and a date and time.
    buildDateTime: '2026/11/22 12:00 UTC',
    dayHeading: '2026年11月22日',
    decimal: /\d+\.\d+%/,
  },
  {
    language: 'de' as const,
    buildDateTime: '22.11.2026, 12:00 UTC',
    dayHeading: '22. November 2026',
    decimal: /\d+,\d+ %/,
  },
])('a site built in $language', ({ language, buildDateTime, dayHeading, decimal }) => {
  let site: LanguageSite;
  let browser: Browser;
  const englishTexts = listEnglishTexts(language);

  beforeAll(async () => {
    site = await buildLanguageSite(language);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.server.close();
    if (site) await rm(site.dir, { recursive: true, force: true });
  });

  it('has English texts to look for, and pages of every kind', () => {
    expect(englishTexts.length).toBeGreaterThan(300);
    for (const kind of ['/', '/incidents/', '/clusters/', '/components/', '/hosts/', '/404.html']) {
      expect(site.pages.some((page) => page.startsWith(kind))).toBe(true);
    }
  });

  it('shows no English catalogue text in any built page, hidden parts and attributes included', async () => {
    const leaks: string[] = [];
    for (const page of site.pages) {
      const file = path.join(site.outDir, page.endsWith('/') ? `${page}index.html` : page);
      leaks.push(
        ...findLeaks(page, readBuiltText(await readFile(file, 'utf8')), englishTexts, site.dataTexts),
      );
    }
    expect(leaks).toEqual([]);
  });

  it('shows none once its scripts have run either, and sets lang', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const leaks: string[] = [];
    try {
      for (const page of site.pages) {
        const tab = await context.newPage();
        await tab.clock.setFixedTime(BUILT_AT_MS);
        await tab.goto(`${site.server.origin}${page}`, { waitUntil: 'networkidle' });
        const shown = await tab.evaluate((names) => {
          // Config names and commands (<code>) are not the page's prose.
          for (const code of document.querySelectorAll('code')) code.textContent = '';
          const attributes = [...document.querySelectorAll('*')].flatMap((element) =>
            names.flatMap((name) => element.getAttribute(name) ?? []),
          );
          return {
            lang: document.documentElement.lang,
            description: document.querySelector<HTMLMetaElement>('meta[name="description"]')?.content ?? '',
            text: `${document.title} ${document.body.innerText} ${attributes.join(' ')}`,
          };
        }, READ_ATTRIBUTES);
        expect(shown.lang, page).toBe(language);
        leaks.push(
          ...findLeaks(
            page,
            `${shown.text} ${shown.description}`.replace(/\s+/g, ' '),
            englishTexts,
            site.dataTexts,
          ),
        );
        await tab.close();
      }
    } finally {
      await context.close();
    }
    expect(leaks).toEqual([]);
  });

  it('writes dates and numbers as the locale does', async () => {
    const front = await readFile(path.join(site.outDir, 'index.html'), 'utf8');
    expect(front).toContain(`<html lang="${language}"`);
    const text = readBuiltText(front);
    // The noscript note's build time, the first past day's heading, uptime figures.
    expect(text).toContain(buildDateTime);
    expect(text).toContain(dayHeading);
    expect(text).toMatch(decimal);
    expect(text).not.toMatch(/\b2026-11-22 \d{2}:\d{2}\b/);
  });
});

describe('a catalogue without a key', () => {
  let copy: string;

  beforeAll(async () => {
    // A copy of the project whose Japanese browser texts lack one key (the working tree stays as it is).
    copy = await mkdtemp(path.join(tmpdir(), 'vigil-catalogue-gap-'));
    for (const name of ['src', 'core', 'collectors', 'astro.config.mjs', 'package.json', 'tsconfig.json'])
      await cp(path.join(root, name), path.join(copy, name), { recursive: true });
    await symlink(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    const file = path.join(copy, 'src/i18n/messages/browser/common.ts');
    const source = await readFile(file, 'utf8');
    const gap = source.replace("    justNow: 'たった今',\n", '');
    expect(gap).not.toBe(source);
    await writeFile(file, gap);
  });

  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('stops vigil build with exit 1, naming the file, the language and the key, without a stack', async () => {
    const siteDir = path.join(copy, 'site');
    await mkdir(path.join(siteDir, 'data'), { recursive: true });
    await writeFile(
      path.join(siteDir, 'status.config.yaml'),
      stringify({
        site: { title: 'Gap', url: 'https://status.example.org', language: 'de' },
        sources: [{ id: 'main' }],
        checks: [{ id: 'web', name: 'Website', type: 'http', url: 'https://example.org' }],
      }),
    );
    const run = await execFileAsync(
      process.execPath,
      [
        path.join(copy, 'collectors/cli/vigil.js'),
        'build',
        '--config',
        path.join(siteDir, 'status.config.yaml'),
        '--data',
        path.join(siteDir, 'data'),
        '--out',
        path.join(siteDir, 'dist'),
      ],
      { cwd: siteDir, env: { ...process.env, VIGIL_BUILD_TIME: new Date(BUILT_AT_MS).toISOString() } },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'src/i18n/messages/browser/common.ts: "ja" is missing browserCommon.justNow',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
