// A build that reads its past days from the build cache renders the very bytes of one that parsed
// every line: pages, API, feeds, badges, on a site with a cluster (whose every result is kept in
// full), Compose-free web checks and incidents, at 5-minute runs over the 14-day retention.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../helpers/build-site.ts';
import { type HpcSite, writeHpcSite } from '../helpers/hpc-site.ts';

const NOW_MS = Date.parse('2026-12-01T12:02:00.000Z');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(dir, path.join(prefix, entry.name)) : [path.join(prefix, entry.name)],
    ),
  );
  return nested.flat().sort();
}

describe('a build from the day cache', () => {
  let dir: string;
  let site: HpcSite;
  beforeAll(async () => {
    dir = path.join(tmpdir(), `vigil-day-cache-site-${process.pid}`);
    site = await writeHpcSite({ dir, nowMs: NOW_MS });
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('renders byte for byte what the cold build rendered', async () => {
    const cacheDir = path.join(dir, '.vigil-cache');
    await rm(cacheDir, { recursive: true, force: true });
    const cold = path.join(dir, 'dist-cold');
    await buildSite({
      configPath: site.configPath,
      dataDir: site.dataDir,
      outDir: cold,
      buildTimeMs: NOW_MS,
    });
    const [store] = await readdir(path.join(cacheDir, 'days'));
    expect((await stat(path.join(cacheDir, 'days', store as string, site.source))).isDirectory()).toBe(true);
    const cached = path.join(dir, 'dist-cached');
    await buildSite({
      configPath: site.configPath,
      dataDir: site.dataDir,
      outDir: cached,
      buildTimeMs: NOW_MS,
    });
    const files = await listFiles(cold);
    expect(await listFiles(cached)).toEqual(files);
    expect(files.length).toBeGreaterThan(20);
    const differing: string[] = [];
    for (const file of files) {
      const [a, b] = await Promise.all([readFile(path.join(cold, file)), readFile(path.join(cached, file))]);
      if (!a.equals(b)) differing.push(file);
    }
    expect(differing).toEqual([]);
  }, 180_000);
});
