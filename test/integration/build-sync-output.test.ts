// syncBuildOutput on real folders: what moves from a staged build into the output folder, what stays.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncBuildOutput } from '../../collectors/build/sync-output.ts';

let dir: string;
let staging: string;
let out: string;
const OLD_TIME = new Date('2026-01-01T00:00:00Z');

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
    await utimes(join(root, path), OLD_TIME, OLD_TIME);
  }
}

async function readTree(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path.slice(root.length + 1)] = await readFile(path, 'utf8');
    }
  }
  return files;
}

const mtimeOf = async (path: string) => (await stat(join(out, path))).mtime.getTime();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-sync-output-'));
  staging = join(dir, 'staging');
  out = join(dir, 'out');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('syncBuildOutput', () => {
  it('fills a missing output folder', async () => {
    await writeTree(staging, { 'index.html': 'home', 'a/b/c.json': '{}' });
    expect(await syncBuildOutput(staging, out)).toEqual({ written: 2, kept: 0, removed: 0 });
    expect(await readTree(out)).toEqual({ 'index.html': 'home', 'a/b/c.json': '{}' });
  });

  it('keeps identical files with their mtime, replaces changed ones (same size too) and removes stale ones', async () => {
    await writeTree(out, { 'same.html': 'same', 'size.txt': 'abcd', 'longer.txt': 'a', 'gone/x.html': 'x' });
    await writeTree(staging, { 'same.html': 'same', 'size.txt': 'abce', 'longer.txt': 'ab', 'new.txt': 'n' });
    const summary = await syncBuildOutput(staging, out);
    expect(summary).toEqual({ written: 3, kept: 1, removed: 2 });
    expect(await readTree(out)).toEqual({
      'same.html': 'same',
      'size.txt': 'abce',
      'longer.txt': 'ab',
      'new.txt': 'n',
    });
    expect(await mtimeOf('same.html')).toBe(OLD_TIME.getTime());
    expect(await readdir(out)).not.toContain('gone');
  });

  it('handles a path that turns from a file into a folder and back', async () => {
    await writeTree(out, { feed: 'a file', 'dir/index.html': 'in a folder' });
    await writeTree(staging, { 'feed/index.xml': '<rss/>', dir: 'now a file' });
    await syncBuildOutput(staging, out);
    expect(await readTree(out)).toEqual({ 'feed/index.xml': '<rss/>', dir: 'now a file' });
  });

  it('keeps a top-level .git (a gh-pages checkout) that the build never has', async () => {
    await writeTree(out, { '.git/HEAD': 'ref: refs/heads/gh-pages', 'old.html': 'old' });
    await writeTree(staging, { 'index.html': 'home' });
    await syncBuildOutput(staging, out);
    expect(await readTree(out)).toEqual({ '.git/HEAD': 'ref: refs/heads/gh-pages', 'index.html': 'home' });
  });

  it('compares large files chunk by chunk', async () => {
    const big = 'x'.repeat(300_000);
    await writeTree(out, { 'big.json': big, 'big2.json': big });
    await writeTree(staging, { 'big.json': big, 'big2.json': `${big.slice(0, -1)}y` });
    expect(await syncBuildOutput(staging, out)).toEqual({ written: 1, kept: 1, removed: 0 });
    expect(await mtimeOf('big.json')).toBe(OLD_TIME.getTime());
    expect((await readFile(join(out, 'big2.json'), 'utf8')).at(-1)).toBe('y');
  });
});
