import type { Readable } from 'node:stream';

export interface CapturedHead {
  /** The kept bytes as UTF-8; a character cut at the limit is dropped, not shown as "\uFFFD". */
  text: () => string;
  /** True once more than maxBytes arrived. */
  isTruncated: () => boolean;
}

// Keeps the first maxBytes of a stream and lets the rest flow away, so a chatty program never blocks on a full pipe.
export function captureHead(stream: Readable | null | undefined, maxBytes: number): CapturedHead {
  const chunks: Buffer[] = [];
  let keptBytes = 0;
  let seenBytes = 0;
  stream?.on('data', (chunk: Buffer) => {
    seenBytes += chunk.length;
    const room = maxBytes - keptBytes;
    if (room <= 0) return;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    chunks.push(kept);
    keptBytes += kept.length;
  });
  return {
    text: () => new TextDecoder('utf-8').decode(Buffer.concat(chunks), { stream: seenBytes > keptBytes }),
    isTruncated: () => seenBytes > keptBytes,
  };
}
