import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getTempPath } from '../../core/store/write-file-atomic.ts';

/**
 * Writes outputs into a directory a server may be serving: each file whose bytes changed is replaced
 * atomically (a reader sees the old bytes or the new, never half), and an unchanged file is not
 * touched, so its modification time (and a deploy's diff) stays. Remembers what it wrote, so a file
 * rendered the same as last time is not read again.
 */
export class OutputWriter {
  private readonly written = new Map<string, string>();
  private readonly outDir: string;

  constructor(outDir: string) {
    this.outDir = outDir;
  }

  /** Forgets what it wrote: the directory was rewritten by someone else (a full build). */
  forget(): void {
    this.written.clear();
  }

  /** Whether the file was written (its bytes changed). */
  async write(relativePath: string, text: string): Promise<boolean> {
    const known = this.written.get(relativePath);
    if (known === text) return false;
    const filePath = path.join(this.outDir, ...relativePath.split('/'));
    // Read only what this writer has not written yet (after a full build, the first render).
    const changed = known !== undefined || (await readFile(filePath, 'utf8').catch(() => undefined)) !== text;
    if (changed) await replaceFile(filePath, text);
    this.written.set(relativePath, text);
    return changed;
  }
}

/**
 * A temp file beside the target renamed over it: a reader opens the old file or the new one, never a
 * half. Not fsynced (unlike data/'s writeFileAtomic): an output lost to a power cut is rendered
 * again by the next run, and a sync per file would cost more than the render of 200 components.
 */
async function replaceFile(filePath: string, text: string): Promise<void> {
  const dir = path.dirname(filePath);
  const tempPath = getTempPath(filePath);
  try {
    await writeFile(tempPath, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    await writeFile(tempPath, text, { flag: 'wx' });
  }
  try {
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
