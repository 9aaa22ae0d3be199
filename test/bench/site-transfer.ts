// What a browser downloads for one built page: the HTML (inline scripts and styles included), its
// stylesheets, scripts and modulepreloads, and every module those scripts import statically, each
// counted once at its gzip size. Dynamic imports are listed apart: they load only when asked for.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TransferItem {
  /** Path inside the built site, "/_astro/x.js". */
  file: string;
  kind: 'html' | 'css' | 'js';
  rawBytes: number;
  gzipBytes: number;
}

export interface PageTransfer {
  items: TransferItem[];
  gzipBytes: number;
  /** Bytes of inline <script> and <style> in the HTML (already part of its gzip size). */
  inlineBytes: number;
  /** Modules reachable only through import(): fetched later, on demand. */
  lazyFiles: string[];
}

const TAG_PATTERN = /<(link|script)\b([^>]*)>/gi;
const ATTRIBUTE_PATTERN = /([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/g;
// import{a as b}from"./x.js" | import"./x.js" | export{a}from"./x.js" — never import("./x.js").
const STATIC_IMPORT_PATTERN = /\b(?:import|export)\s*(?:[^"'`()=;]*?\bfrom\s*)?["'`]([^"'`]+\.m?js)["'`]/g;
const DYNAMIC_IMPORT_PATTERN = /\bimport\(\s*["'`]([^"'`]+\.m?js)["'`]\s*\)/g;
const INLINE_PATTERN = /<(script|style)\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/\1>/gi;

/** The transfer of the page at `pagePath` ("/" or "/components/x/") of the site built in distDir. */
export async function measurePageTransfer(distDir: string, pagePath: string): Promise<PageTransfer> {
  const htmlFile = pagePath.endsWith('/') ? `${pagePath}index.html` : pagePath;
  const html = await readFile(path.join(distDir, htmlFile), 'utf8');
  const items: TransferItem[] = [measure(htmlFile, 'html', Buffer.from(html))];
  const inlineBytes = [...html.matchAll(INLINE_PATTERN)].reduce(
    (sum, match) => sum + Buffer.byteLength(match[2] ?? ''),
    0,
  );

  const queue: string[] = [];
  const seen = new Set<string>();
  const lazy = new Set<string>();
  for (const [, tag, attributes] of html.matchAll(TAG_PATTERN)) {
    const attrs = parseAttributes(attributes ?? '');
    const rel = attrs.get('rel')?.toLowerCase() ?? '';
    const href = tag?.toLowerCase() === 'script' ? attrs.get('src') : attrs.get('href');
    if (href === undefined || !href.startsWith('/')) continue;
    if (tag?.toLowerCase() === 'script' || rel === 'modulepreload' || rel === 'stylesheet') queue.push(href);
  }
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(path.join(distDir, file))) continue;
    seen.add(file);
    const body = await readFile(path.join(distDir, file));
    const isCss = file.endsWith('.css');
    items.push(measure(file, isCss ? 'css' : 'js', body));
    if (isCss) continue;
    const text = body.toString('utf8');
    for (const [, specifier = ''] of text.matchAll(STATIC_IMPORT_PATTERN))
      queue.push(resolveFrom(file, specifier));
    for (const [, specifier = ''] of text.matchAll(DYNAMIC_IMPORT_PATTERN))
      lazy.add(resolveFrom(file, specifier));
  }
  return {
    items,
    gzipBytes: items.reduce((sum, item) => sum + item.gzipBytes, 0),
    inlineBytes,
    lazyFiles: [...lazy].filter((file) => !seen.has(file)).sort(),
  };
}

/** JS files of the built site that contain Chart.js (its own error text marks it, minified or not). */
export async function findChartChunks(distDir: string, files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const text = await readFile(path.join(distDir, file), 'utf8');
    if (text.includes('Canvas is already in use')) found.push(file);
  }
  return found;
}

function measure(file: string, kind: TransferItem['kind'], body: Buffer): TransferItem {
  return { file, kind, rawBytes: body.length, gzipBytes: gzipSync(body).length };
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const [, name, value] of text.matchAll(ATTRIBUTE_PATTERN)) {
    attrs.set((name ?? '').toLowerCase(), (value ?? '').replace(/^["']|["']$/g, ''));
  }
  return attrs;
}

function resolveFrom(file: string, specifier: string): string {
  return specifier.startsWith('/') ? specifier : path.posix.join(path.posix.dirname(file), specifier);
}
