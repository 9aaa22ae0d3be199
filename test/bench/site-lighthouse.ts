// Lighthouse scores of built pages, served from 127.0.0.1 and audited in Debian's Chromium with no
// network beyond loopback. Lighthouse's default run: mobile form factor, simulated throttling.
import { createServer, get } from 'node:http';
import { createGzip } from 'node:zlib';
import { launch } from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { listenOnLoopback } from '../helpers/loopback-server.ts';
import { type StaticServer, serveStatic } from '../helpers/static-server.ts';

export const LIGHTHOUSE_BUDGETS = { performance: 98, accessibility: 100, 'best-practices': 95 } as const;
type Category = keyof typeof LIGHTHOUSE_BUDGETS;
const CATEGORIES = Object.keys(LIGHTHOUSE_BUDGETS) as Category[];

const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [...CHROMIUM_ARGS, '--no-first-run'];

export interface LighthouseFigures {
  pagePath: string;
  /** 0–100 per category, of the run with the median performance score; null when not scored. */
  scores: Record<Category, number | null>;
  /** Performance score of every run, to show the spread on a busy machine. */
  performanceRuns: number[];
  /** Lighthouse's CPU benchmark of the median run: lower means a slower or busier machine. */
  benchmarkIndex: number;
  /** Audits that lost points in a category under budget: "id (score, display value)". */
  failing: Record<Category, string[]>;
  /** Lighthouse's own run warnings and a page's runtime error, if any. */
  warnings: string[];
  /** Cumulative layout shift of the median run, as Lighthouse measured it; null when not measured. */
  cumulativeLayoutShift: number | null;
  /** Total blocking time of the median run (simulated), ms; null when not measured. */
  totalBlockingTimeMs: number | null;
  /** JavaScript loaded but not run by the median run's load, bytes as sent; null when not measured. */
  unusedJavaScriptBytes: number | null;
}

/**
 * Audits each page `runs` times, one run after another in one Chromium, and keeps the run with the
 * median performance score: single runs swing widely on a loaded 2-core machine.
 */
export async function runLighthouse(
  distDir: string,
  pagePaths: readonly string[],
  runs = 3,
): Promise<LighthouseFigures[]> {
  const files = await serveStatic(distDir);
  const server = await compressInFront(files);
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const figures: LighthouseFigures[] = [];
    for (const pagePath of pagePaths) {
      const results: Result[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(`${server.origin}${pagePath}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        if (result === undefined) throw new Error(`lighthouse returned no result for ${pagePath}`);
        results.push(result.lhr);
      }
      const performanceOf = (lhr: Result) => lhr.categories.performance?.score ?? 0;
      const sorted = [...results].sort((a, b) => performanceOf(a) - performanceOf(b));
      const median = sorted[Math.floor((sorted.length - 1) / 2)] as Result;
      figures.push({
        ...summarize(pagePath, median),
        performanceRuns: results.map((lhr) => Math.round(performanceOf(lhr) * 100)),
      });
    }
    return figures;
  } finally {
    chrome.kill();
    await server.close();
    await files.close();
  }
}

function summarize(pagePath: string, lhr: Result): Omit<LighthouseFigures, 'performanceRuns'> {
  const scores = {} as Record<Category, number | null>;
  const failing = {} as Record<Category, string[]>;
  for (const category of CATEGORIES) {
    const entry = lhr.categories[category];
    const score = entry?.score == null ? null : Math.round(entry.score * 100);
    scores[category] = score;
    failing[category] =
      score !== null && score >= LIGHTHOUSE_BUDGETS[category]
        ? []
        : (entry?.auditRefs ?? []).flatMap((ref) => {
            const audit = lhr.audits[ref.id];
            if (audit === undefined || audit.score === null) return [];
            if (audit.score >= (audit.scoreDisplayMode === 'binary' ? 1 : 0.9)) return [];
            const shown = audit.displayValue ? `, ${audit.displayValue}` : '';
            return [`${ref.id} (${audit.score.toFixed(2)}${shown})`];
          });
  }
  const warnings = [...lhr.runWarnings, ...(lhr.runtimeError ? [lhr.runtimeError.message] : [])];
  const cumulativeLayoutShift = lhr.audits['cumulative-layout-shift']?.numericValue ?? null;
  const totalBlockingTimeMs = lhr.audits['total-blocking-time']?.numericValue ?? null;
  const unusedJavaScript = lhr.audits['unused-javascript']?.details as
    | { overallSavingsBytes?: number }
    | undefined;
  return {
    pagePath,
    scores,
    failing,
    warnings,
    cumulativeLayoutShift,
    totalBlockingTimeMs,
    unusedJavaScriptBytes:
      unusedJavaScript === undefined ? null : (unusedJavaScript.overallSavingsBytes ?? 0),
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

/**
 * Static hosts (GitHub Pages, nginx, Netlify) send text gzipped; the plain test server does not, and
 * Lighthouse would judge the page by its uncompressed size. This loopback front gzips what it relays.
 */
async function compressInFront(upstream: StaticServer): Promise<StaticServer> {
  const server = createServer((request, response) => {
    get(`${upstream.origin}${request.url ?? '/'}`, (reply) => {
      const headers = { ...reply.headers };
      const isText = /^(text\/|application\/(json|xml)|image\/svg)/.test(String(headers['content-type']));
      if (!isText || !/\bgzip\b/.test(String(request.headers['accept-encoding']))) {
        response.writeHead(reply.statusCode ?? 502, headers);
        reply.pipe(response);
        return;
      }
      delete headers['content-length'];
      response.writeHead(reply.statusCode ?? 502, {
        ...headers,
        'content-encoding': 'gzip',
        vary: 'Accept-Encoding',
      });
      reply.pipe(createGzip()).pipe(response);
    }).on('error', (error) => response.destroy(error));
  });
  const { port, close } = await listenOnLoopback(server);
  return { origin: `http://127.0.0.1:${port}`, close };
}
