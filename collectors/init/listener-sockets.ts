import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';

/** One listening TCP socket, from a line of /proc/net/tcp or /proc/net/tcp6. */
export interface ListeningSocket {
  family: 4 | 6;
  /** The bound address as people write it: "0.0.0.0", "127.0.0.1", "::", "::1", "::ffff:127.0.0.1". */
  address: string;
  port: number;
  /** The socket's inode: /proc/<pid>/fd/* links to "socket:[inode]" in the process that holds it. */
  inode: number;
}

// st column: TCP_LISTEN is 0x0A (include/net/tcp_states.h).
const TCP_LISTEN = '0A';
// The kernel prints each 32-bit word of an address in the machine's own byte order.
const IS_LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The listening sockets in the text of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6):
 * lines in state 0A; other lines, the header and malformed lines are skipped.
 */
export function parseProcNetTcp(text: string, family: 4 | 6): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    // sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode, …
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== TCP_LISTEN) continue;
    const [addressHex, portHex] = (fields[1] ?? '').split(':');
    const address = addressHex === undefined ? undefined : decodeAddress(addressHex, family);
    const port = Number.parseInt(portHex ?? '', 16);
    const inode = Number(fields[9]);
    if (address === undefined || !(port > 0 && port < 65536) || !Number.isSafeInteger(inode) || inode <= 0)
      continue;
    sockets.push({ family, address, port, inode });
  }
  return sockets;
}

/** Both families' listening sockets of this network namespace; a missing file (no IPv6) counts as none. */
export async function readListeningSockets(procRoot: string): Promise<ListeningSocket[]> {
  const read = (name: string) => readFile(path.join(procRoot, 'net', name), 'utf8').catch(() => '');
  const [tcp, tcp6] = await Promise.all([read('tcp'), read('tcp6')]);
  return [...parseProcNetTcp(tcp, 4), ...parseProcNetTcp(tcp6, 6)];
}

function decodeAddress(hex: string, family: 4 | 6): string | undefined {
  const length = family === 4 ? 8 : 32;
  if (hex.length !== length || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let word = 0; word < length; word += 8) {
    const wordBytes = [0, 2, 4, 6].map((at) => Number.parseInt(hex.slice(word + at, word + at + 2), 16));
    bytes.push(...(IS_LITTLE_ENDIAN ? wordBytes.reverse() : wordBytes));
  }
  return family === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** RFC 5952 text: lower-case, the longest run of zero groups as "::", v4-mapped as "::ffff:a.b.c.d". */
function formatIpv6(bytes: readonly number[]): string {
  const isV4Mapped =
    bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isV4Mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = [0, 1, 2, 3, 4, 5, 6, 7].map(
    (group) => ((bytes[group * 2] ?? 0) << 8) | (bytes[group * 2 + 1] ?? 0),
  );
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > best.length) best = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const text = groups.map((group) => group.toString(16));
  if (best.length < 2) return text.join(':');
  const head = text.slice(0, best.start).join(':');
  const tail = text.slice(best.start + best.length).join(':');
  return `${head}::${tail}`;
}
