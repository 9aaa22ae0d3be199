import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process-alive.ts';

/** The temp file writeFileAtomic writes beside its target: `.<name>.<pid>-<8 hex>.tmp`. */
export const TEMP_FILE_PATTERN = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;

/** A fresh temp file name beside filePath, in the form TEMP_FILE_PATTERN (and removeStaleTempFiles) knows. */
export function getTempPath(filePath: string): string {
  return path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
}

/** Whether `name` is a temp file getTempPath made for the file named `fileName` (beside it). */
export function isTempFileOf(name: string, fileName: string): boolean {
  return name.startsWith(`.${fileName}.`) && TEMP_FILE_PATTERN.test(name);
}

/**
 * Removes temp files a killed writer left in `dir` (those whose process is gone), so they neither
 * pile up nor reach a commit. Returns the names removed.
 */
export async function removeStaleTempFiles(
  dir: string,
  belongsTo: (name: string) => boolean = () => true,
): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP_FILE_PATTERN.exec(name)?.[1]);
    if (!Number.isInteger(pid) || !belongsTo(name) || isProcessAlive(pid)) continue;
    await rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Replaces a file so readers see either the old or the new contents, never half of one: write a temp
 * file in the same directory, fsync it, rename it over the target, then fsync the directory.
 */
export async function writeFileAtomic(filePath: string, data: string): Promise<void> {
  const dir = path.dirname(filePath);
  await mkdir(dir, { recursive: true });
  const tempPath = getTempPath(filePath);
  try {
    const handle = await open(tempPath, 'wx');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes a rename in dir survive a power cut; best effort, since some platforms cannot fsync a directory. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows refuses to open directories (EISDIR/EPERM); the rename is already atomic there.
  }
}
