// Issue 14: `vigil build` rewrites only outputs whose bytes changed, so deploys that sync by mtime
// upload the diff, and a failed build leaves the previous site as it was. Real Astro builds over a
// small site with 14 days of 5-minute snapshots, on a fixed build clock.
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toUtcDay } from '../../core/history/utc-day.ts';
import { getSnapshotFile } from '../../core/store/store-paths.ts';
import { generateSiteData, type SiteData } from '../bench/generate-site-data.ts';
import { buildSite } from '../helpers/build-site.ts';

const INTERVAL_MS = 5 * 60_000;
// A fixed instant on the 5-minute grid, so every build of this file sees the same data and clock.
const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);

interface OutputFile {
  mtimeNs: bigint;
  sha256: string;
}

/** Every file under dir: its mtime (ns) and content hash, by path relative to dir. */
async function readOutput(dir: string): Promise<Map<string, OutputFile>> {
  const files = new Map<string, OutputFile>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const [info, bytes] = await Promise.all([stat(path, { bigint: true }), readFile(path)]);
    files.set(relative(dir, path), {
      mtimeNs: info.mtimeNs,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return files;
}

let dir: string;
let site: SiteData;
let outDir: string;
const build = (buildTimeMs: number) =>
  buildSite({ configPath: site.configPath, dataDir: site.dataDir, outDir, buildTimeMs });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-build-output-'));
  site = await generateSiteData({ outDir: join(dir, 'site'), components: 6, incidents: 5, nowMs: NOW_MS });
  outDir = join(dir, 'public', 'dist');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vigil build output', () => {
  let first: Map<string, OutputFile>;

  it('keeps every file and its mtime when the same data is built again on the same clock', async () => {
    const cold = await build(NOW_MS);
    first = await readOutput(outDir);
    expect(first.size).toBeGreaterThan(20);
    expect(cold).toEqual({ written: first.size, kept: 0, removed: 0 });

    const again = await build(NOW_MS);
    expect(await readOutput(outDir)).toEqual(first);
    expect(again).toEqual({ written: 0, kept: first.size, removed: 0 });
    // No staging folder is left beside the output.
    expect(await readdir(dirname(outDir))).toEqual(['dist']);
  });

  it('rewrites exactly the files whose bytes changed after one new snapshot line', async () => {
    const lineMs = NOW_MS + INTERVAL_MS;
    const snapshotFile = join(site.dataDir, getSnapshotFile('collector-1', toUtcDay(lineMs)));
    const lastLine = (await readFile(snapshotFile, 'utf8')).trimEnd().split('\n').at(-1) ?? '';
    const next = JSON.parse(lastLine) as { t: string };
    next.t = new Date(lineMs).toISOString();
    await appendFile(snapshotFile, `${JSON.stringify(next)}\n`);

    const summary = await build(lineMs);
    const second = await readOutput(outDir);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    const changed = [...second].filter(([path, file]) => file.sha256 !== first.get(path)?.sha256);
    const same = [...second].filter(([path, file]) => file.sha256 === first.get(path)?.sha256);
    expect(changed.length).toBeGreaterThan(0);
    expect(same.length).toBeGreaterThan(0);
    expect(summary).toEqual({ written: changed.length, kept: same.length, removed: 0 });
    for (const [path, file] of changed) expect(file.mtimeNs, path).not.toBe(first.get(path)?.mtimeNs);
    for (const [path, file] of same) expect(file.mtimeNs, path).toBe(first.get(path)?.mtimeNs);
    first = second;
  });

  it('leaves the previous site as it was when a build fails', async () => {
    const badIncident = join(site.dataDir, 'incidents', '2026-11-20-broken.md');
    await writeFile(badIncident, '---\ntitle: Broken\nimpact: enormous\nstatus: resolved\n---\nNo.\n');
    try {
      await expect(build(NOW_MS + INTERVAL_MS)).rejects.toThrow(/2026-11-20-broken/);
      expect(await readOutput(outDir)).toEqual(first);
      expect(await readdir(dirname(outDir))).toEqual(['dist']);
    } finally {
      await rm(badIncident);
    }
  });

  it('removes the files of an incident the new build no longer has', async () => {
    const incidents = await readdir(join(site.dataDir, 'incidents'));
    const resolved = incidents.find((name) => name.includes('-incident-')) as string;
    const slug = resolved.replace(/\.md$/, '');
    expect([...first.keys()].some((path) => path.startsWith(join('incidents', slug)))).toBe(true);
    await rm(join(site.dataDir, 'incidents', resolved));

    const summary = await build(NOW_MS + INTERVAL_MS);
    const after = await readOutput(outDir);
    expect(summary.removed).toBeGreaterThan(0);
    expect([...after.keys()].some((path) => path.startsWith(join('incidents', slug)))).toBe(false);
    const kept = [...after].filter(([path, file]) => file.sha256 === first.get(path)?.sha256);
    for (const [path, file] of kept) expect(file.mtimeNs, path).toBe(first.get(path)?.mtimeNs);
  });
});
