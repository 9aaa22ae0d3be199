import type { Dirent } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What a sync did to the output folder, in files. */
export interface SyncSummary {
  /** Files new or changed, moved into place. */
  written: number;
  /** Files byte-identical to the ones already there, left alone (mtime kept). */
  kept: number;
  /** Files and folders the new build no longer has, removed. */
  removed: number;
}

interface Tree {
  files: string[];
  dirs: string[];
}

// A deploy folder is often a git checkout (gh-pages): its top-level .git is never the build's to remove.
const KEPT_AT_TOP = new Set(['.git']);
const COMPARE_CHUNK_BYTES = 64 * 1024;
const PARALLEL_FILES = 16;

/**
 * Moves a finished build from its staging folder into the output folder, touching only what changed,
 * so deploys that sync by mtime (rsync, S3 sync, Pages) upload the diff: a byte-identical file keeps
 * its mtime; a new or changed file replaces the old one by rename, so a web server reading the folder
 * never sees half a file; files and folders the new build no longer has are removed. The staging
 * folder is left for the caller to remove.
 */
export async function syncBuildOutput(stagingDir: string, outDir: string): Promise<SyncSummary> {
  const staged = await listTree(stagingDir, false);
  const existing = await listTree(outDir, true);
  const summary: SyncSummary = { written: 0, kept: 0, removed: 0 };
  const existingFiles = new Set(existing.files);
  const existingDirs = new Set(existing.dirs);

  // A path that changes kind (file ↔ folder) is cleared before anything is written there.
  for (const dir of staged.dirs) {
    if (existingFiles.has(dir)) {
      await rm(join(outDir, dir), { force: true });
      existingFiles.delete(dir);
    }
  }
  for (const file of staged.files) {
    if (existingDirs.has(file)) await rm(join(outDir, file), { recursive: true, force: true });
  }
  await mkdir(outDir, { recursive: true });
  for (const dir of staged.dirs) await mkdir(join(outDir, dir), { recursive: true });

  const place = async (file: string) => {
    const from = join(stagingDir, file);
    const to = join(outDir, file);
    if (existingFiles.has(file) && (await hasSameBytes(from, to))) {
      summary.kept++;
      return;
    }
    await moveIntoPlace(from, to);
    summary.written++;
  };
  // Scripts, styles, images and data first, pages last: a new page is never served before the new
  // hashed asset it links to.
  const isPage = (file: string) => file.endsWith('.html');
  await forEachLimited(
    staged.files.filter((file) => !isPage(file)),
    PARALLEL_FILES,
    place,
  );
  await forEachLimited(staged.files.filter(isPage), PARALLEL_FILES, place);

  const stagedFiles = new Set(staged.files);
  const stagedDirs = new Set(staged.dirs);
  // A path under a folder that is now a file went with that folder.
  const isStale = (path: string) =>
    !stagedFiles.has(path) && !stagedDirs.has(path) && !hasAncestorIn(path, stagedFiles);
  for (const file of existing.files) {
    if (!isStale(file)) continue;
    await rm(join(outDir, file), { force: true });
    summary.removed++;
  }
  // Deepest first, so a removed folder's subfolders are gone before it.
  for (const dir of existing.dirs.toReversed()) {
    if (!isStale(dir)) continue;
    await rm(join(outDir, dir), { recursive: true, force: true });
    summary.removed++;
  }
  return summary;
}

function hasAncestorIn(path: string, paths: ReadonlySet<string>): boolean {
  for (let parent = dirname(path); parent !== '.'; parent = dirname(parent)) {
    if (paths.has(parent)) return true;
  }
  return false;
}

/** Every file and folder under root, as paths relative to it, parents before children. */
async function listTree(root: string, isOutput: boolean): Promise<Tree> {
  const tree: Tree = { files: [], dirs: [] };
  const walk = async (relative: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === '') return;
      throw error;
    }
    for (const entry of entries) {
      if (isOutput && relative === '' && KEPT_AT_TOP.has(entry.name)) continue;
      const path = relative === '' ? entry.name : join(relative, entry.name);
      if (entry.isDirectory()) {
        tree.dirs.push(path);
        await walk(path);
      } else tree.files.push(path);
    }
  };
  await walk('');
  return tree;
}

/** Size first, then the bytes, a chunk at a time (an API file may be large). */
async function hasSameBytes(pathA: string, pathB: string): Promise<boolean> {
  const [statA, statB] = await Promise.all([lstat(pathA), lstat(pathB)]);
  if (!statA.isFile() || !statB.isFile() || statA.size !== statB.size) return false;
  const [fileA, fileB] = await Promise.all([open(pathA), open(pathB)]);
  try {
    const chunkA = Buffer.alloc(COMPARE_CHUNK_BYTES);
    const chunkB = Buffer.alloc(COMPARE_CHUNK_BYTES);
    for (let position = 0; position < statA.size; position += COMPARE_CHUNK_BYTES) {
      const [readA, readB] = await Promise.all([
        fileA.read(chunkA, 0, COMPARE_CHUNK_BYTES, position),
        fileB.read(chunkB, 0, COMPARE_CHUNK_BYTES, position),
      ]);
      if (readA.bytesRead !== readB.bytesRead) return false;
      if (!chunkA.subarray(0, readA.bytesRead).equals(chunkB.subarray(0, readB.bytesRead))) return false;
    }
    return true;
  } finally {
    await Promise.all([fileA.close(), fileB.close()]);
  }
}

/**
 * Rename is atomic: readers see the old file or the new one. The staging folder sits beside the
 * output folder, so the rename stays on one filesystem; where the output is a mount of its own
 * (EXDEV), the file is copied to a temporary name inside it first and renamed from there.
 */
async function moveIntoPlace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temporary = join(dirname(to), `.${basename(to)}.vigil-${process.pid}.tmp`);
    try {
      await copyFile(from, temporary);
      await rename(temporary, to);
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
