import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';

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
    if (this.written.get(relativePath) === text) return false;
    const filePath = path.join(this.outDir, ...relativePath.split('/'));
    const current = await readFile(filePath, 'utf8').catch(() => undefined);
    const changed = current !== text;
    if (changed) await writeFileAtomic(filePath, text);
    this.written.set(relativePath, text);
    return changed;
  }
}
