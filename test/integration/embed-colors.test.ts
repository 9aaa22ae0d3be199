// Issue 20, embeds: a branded site's embeds draw its status colours (site.theme), baked in at build —
// embed.js in its settings, the embed page in its <style> — and global.css's where the theme sets none.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '../../src/lib/status-colors.ts';
import { BRANDED_BUILT_AT_MS, BRANDED_THEME, writeBrandedSite } from '../helpers/branded-site.ts';
import { buildSite } from '../helpers/build-site.ts';

let dir: string;
let outDir: string;
const read = (file: string) => readFile(path.join(outDir, file), 'utf8');
const dotOf = (text: string, status: string) =>
  new RegExp(`&\\[data-status=${status}\\] \\.dot\\{background:light-dark\\(([^)]*)\\)\\}`).exec(text)?.[1];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-embed-colors-'));
  const site = await writeBrandedSite(path.join(dir, 'site'));
  outDir = path.join(dir, 'dist');
  await buildSite({
    configPath: site.configPath,
    dataDir: site.dataDir,
    outDir,
    buildTimeMs: BRANDED_BUILT_AT_MS,
  });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a branded site's embeds", () => {
  it("carry site.theme's status colours in embed.js's settings and the embed page's style", async () => {
    const script = await read('embed.js');
    const settings = JSON.parse(/\(({"strings":.*?})\)/.exec(script)?.[1] ?? '{}');
    expect(settings.colors.light['--status-down']).toBe(BRANDED_THEME.status.down);
    const page = await read('embed/index.html');
    expect(dotOf(page, 'major_outage')).toMatch(new RegExp(`^${BRANDED_THEME.status.down},#[0-9a-f]{6}$`));
    expect(dotOf(page, 'operational')).toBe(
      `${STATUS_COLORS.light['--status-up']},${STATUS_COLORS.dark['--status-up']}`,
    );
  });
});
