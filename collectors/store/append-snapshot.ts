import { type FileHandle, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { toUtcDay } from '../../core/history/utc-day.ts';
import { type SnapshotLine, SnapshotLineSchema } from '../../core/model/snapshot.ts';
import { describeZodIssues } from '../../core/store/read-jsonl.ts';
import { assertUrlSafeSource, getSnapshotFile } from '../../core/store/store-paths.ts';

/**
 * Appends one run to data/snapshots/<source>/<UTC day of t>.jsonl in a single O_APPEND write, so
 * concurrent readers never see half a line from us. If a killed writer left a torn last line, the new
 * line starts on a fresh line so the torn one cannot swallow it. Returns the file path.
 */
export async function appendSnapshot(dataDir: string, line: SnapshotLine): Promise<string> {
  assertUrlSafeSource(line.source, 'appendSnapshot');
  const parsed = SnapshotLineSchema.safeParse(line);
  if (!parsed.success) {
    throw new Error(
      `appendSnapshot: refusing to write an invalid snapshot line for source "${line.source}" ` +
        `(${describeZodIssues(parsed.error)}); fix the code that built it`,
    );
  }
  const filePath = path.join(dataDir, getSnapshotFile(line.source, toUtcDay(Date.parse(line.t))));
  await mkdir(path.dirname(filePath), { recursive: true });
  const handle = await open(filePath, 'a+');
  try {
    const { size } = await handle.stat();
    const prefix = (await endsWithNewline(handle, size)) ? '' : '\n';
    const text = `${prefix}${JSON.stringify(line)}\n`;
    const expectedBytes = Buffer.byteLength(text);
    let bytesWritten = 0;
    try {
      bytesWritten = (await handle.write(text)).bytesWritten;
    } catch (error) {
      await rollBack(handle, size);
      throw error;
    }
    if (bytesWritten !== expectedBytes) {
      // Half a line would stay torn for good (and be published): put the file back as it was.
      await rollBack(handle, size);
      throw new Error(
        `appendSnapshot: wrote ${bytesWritten} of ${expectedBytes} bytes to ${filePath}, so the line was rolled back; is the disk full?`,
      );
    }
  } finally {
    await handle.close();
  }
  return filePath;
}

/** Truncates the file to its length before this append; best effort, since the disk is in trouble. */
async function rollBack(handle: FileHandle, size: number): Promise<void> {
  await handle.truncate(size).catch(() => {});
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  if (size === 0) return true;
  const lastByte = Buffer.alloc(1);
  await handle.read(lastByte, 0, 1, size - 1);
  return lastByte[0] === 0x0a;
}
