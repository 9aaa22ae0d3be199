import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseProcNetTcp } from '../../collectors/init/discover-listeners.ts';

// Captured on a real Linux 6 x86_64 machine while node servers listened on 0.0.0.0:8080, [::]:8080
// (IPv6 only), 127.0.0.1:6379, [::1]:5432, [::ffff:127.0.0.1]:3306 and 127.0.0.53:9100, beside
// connections in TIME_WAIT (state 06) and the machine's own listener on port 2024.
const fixture = (name: string) =>
  readFile(new URL(`../fixtures/init/proc-net/${name}`, import.meta.url), 'utf8');

describe('parseProcNetTcp', () => {
  it('reads the listening IPv4 sockets of /proc/net/tcp, and only those', async () => {
    expect(parseProcNetTcp(await fixture('tcp'), 4)).toEqual([
      { family: 4, address: '0.0.0.0', port: 8080, inode: 7078367 },
      { family: 4, address: '127.0.0.1', port: 6379, inode: 7078369 },
      { family: 4, address: '0.0.0.0', port: 2024, inode: 555 },
      { family: 4, address: '127.0.0.53', port: 9100, inode: 7078372 },
    ]);
  });

  it('reads IPv6 words in the kernel’s byte order, v4-mapped addresses as ::ffff:a.b.c.d', async () => {
    expect(parseProcNetTcp(await fixture('tcp6'), 6)).toEqual([
      { family: 6, address: '::1', port: 5432, inode: 7078370 },
      { family: 6, address: '::ffff:127.0.0.1', port: 3306, inode: 7078371 },
      { family: 6, address: '::', port: 8080, inode: 7078368 },
    ]);
  });

  // Lines as a little-endian kernel prints them: each 32-bit word of the address byte-reversed.
  it.each([
    ['B80D0120000000000000000001000000', '2001:db8::1'],
    ['000080FE00000000FF2E0A02FE0B8F3A', 'fe80::20a:2eff:3a8f:bfe'],
    ['B80D0120000001000000000000000000', '2001:db8:1::'],
    ['B80D012000000000000000000000FFFF', '2001:db8::ffff:0'],
  ])('decodes %s as %s', (hex, address) => {
    const line = `   0: ${hex}:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0`;
    expect(parseProcNetTcp(line, 6)).toEqual([{ family: 6, address, port: 80, inode: 4242 }]);
  });

  it('skips the header, short lines, bad hex and inode 0', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A',
      '   1: 0100007G:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12 1',
      '   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 0 1',
      '   3: 0100007F:0000 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 13 1',
      '',
    ].join('\n');
    expect(parseProcNetTcp(text, 4)).toEqual([]);
  });
});
