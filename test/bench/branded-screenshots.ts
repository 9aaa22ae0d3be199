// The screenshots of docs/branding.md: examples/branded.yaml (a Japanese university centre in its
// own colours) built at a fixed clock from generated 5-minute runs (30 days, a slow storage area now
// and a JupyterHub outage three days ago, each with its incident in Japanese), read at that clock in
// Chromium at desktop and phone width, light and dark.
//
// node test/bench/branded-screenshots.ts  →  docs/images/branded-ja-{desktop,phone}{,-dark}.png
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../core/config/load-config.ts';
import type { CheckStatus } from '../../core/model/status.ts';
import { buildSite } from '../helpers/build-site.ts';
import { CHROMIUM_ARGS, openSettled } from '../helpers/chromium.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from '../helpers/generate-snapshots.ts';
import { serveStatic } from '../helpers/static-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG_PATH = path.join(root, 'examples', 'branded.yaml');
const IMAGES_DIR = path.join(root, 'docs', 'images');
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** 12:00 in Tokyo on a fixed day: every run of this script draws the same pages. */
const BUILT_AT_MS = Date.UTC(2026, 10, 20, 3, 0, 0);
const SLOW_SINCE_MS = BUILT_AT_MS - 95 * MINUTE_MS;
const OUTAGE = {
  fromMs: BUILT_AT_MS - 3 * DAY_MS - 5 * HOUR_MS,
  toMs: BUILT_AT_MS - 3 * DAY_MS - 3 * HOUR_MS,
};

const iso = (ms: number) => new Date(ms).toISOString();

/** The runs: the work area slow since SLOW_SINCE_MS, JupyterHub down during OUTAGE, the rest up. */
function statusAt(id: string, t: number): CheckStatus {
  if (id === 'work' && t >= SLOW_SINCE_MS) return 'degraded';
  if (id === 'jupyter' && t >= OUTAGE.fromMs && t < OUTAGE.toMs) return 'down';
  return 'up';
}

const INCIDENTS = {
  'work-slow.md': `---
title: 大容量ワーク領域の応答遅延
kind: incident
impact: minor
status: identified
affected:
  - work
start: ${iso(SLOW_SINCE_MS)}
updates:
  - at: ${iso(SLOW_SINCE_MS + 10 * MINUTE_MS)}
    status: investigating
    text: 大容量ワーク領域 (/work) でファイル操作に時間がかかる事象を確認し、調査しています。
  - at: ${iso(SLOW_SINCE_MS + 50 * MINUTE_MS)}
    status: identified
    text: メタデータサーバの 1 台で負荷が高くなっていることが原因と判明しました。負荷の分散を進めています。
---
ジョブの実行は継続できますが、ファイルの作成や一覧表示が通常より遅くなっています。
`,
  'jupyter-outage.md': `---
title: JupyterHub にログインできない障害
kind: incident
impact: major
status: resolved
affected:
  - jupyter
start: ${iso(OUTAGE.fromMs)}
end: ${iso(OUTAGE.toMs)}
updates:
  - at: ${iso(OUTAGE.fromMs + 15 * MINUTE_MS)}
    status: investigating
    text: JupyterHub にログインできない事象を確認しました。
  - at: ${iso(OUTAGE.toMs)}
    status: resolved
    text: 認証サーバの証明書を更新し、復旧しました。
---
証明書の期限切れにより、約 2 時間 JupyterHub へのログインができませんでした。
`,
};

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-branded-shots-'));
  try {
    const { config } = await loadConfig({ path: CONFIG_PATH });
    const dataDir = path.join(dir, 'data');
    await writeSnapshotFixtures(
      dataDir,
      generateSnapshotLines({
        source: 'itc-admin',
        checkIds: config.checks.map((check) => check.id),
        from: new Date(BUILT_AT_MS - 30 * DAY_MS),
        to: new Date(BUILT_AT_MS),
        intervalMs: 5 * MINUTE_MS,
        statusAt,
      }),
    );
    await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
    for (const [name, text] of Object.entries(INCIDENTS))
      await writeFile(path.join(dataDir, 'incidents', name), text);
    const outDir = path.join(dir, 'dist');
    await buildSite({ configPath: CONFIG_PATH, dataDir, outDir, buildTimeMs: BUILT_AT_MS });
    const server = await serveStatic(outDir);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      await mkdir(IMAGES_DIR, { recursive: true });
      const shots = [
        // The desktop shot is the whole page, down to the footer's line; the phone shot what a phone shows first.
        { name: 'desktop', viewport: { width: 1280, height: 900 }, fullPage: true },
        { name: 'phone', viewport: { width: 390, height: 844 }, fullPage: false },
      ];
      for (const shot of shots) {
        for (const scheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({
            viewport: shot.viewport,
            colorScheme: scheme,
            locale: 'ja-JP',
          });
          await context.clock.install({ time: BUILT_AT_MS + 30_000 });
          const page = await openSettled(context, `${server.origin}/`);
          const file = path.join(
            IMAGES_DIR,
            `branded-ja-${shot.name}${scheme === 'dark' ? '-dark' : ''}.png`,
          );
          await page.screenshot({ path: file, fullPage: shot.fullPage });
          console.log(`wrote ${path.relative(root, file)}`);
          await context.close();
        }
      }
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
