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
    const prefix = (await endsWithNewline(handle)) ? '' : '\n';
    const text = `${prefix}${JSON.stringify(line)}\n`;
    const { bytesWritten } = await handle.write(text);
    const expectedBytes = Buffer.byteLength(text);
    if (bytesWritten !== expectedBytes) {
      throw new Error(
        `appendSnapshot: wrote ${bytesWritten} of ${expectedBytes} bytes to ${filePath}; is the disk full?`,
      );
    }
  } finally {
    await handle.close();
  }
  return filePath;
}

async function endsWithNewline(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return true;
  const lastByte = Buffer.alloc(1);
  await handle.read(lastByte, 0, 1, size - 1);
  return lastByte[0] === 0x0a;
}
