import { describe, expect, it } from 'vitest';
import {
  judgeMysqlGreeting,
  judgePostgresReply,
  judgeRedisReply,
  quoteBytes,
  readHandshake,
} from '../../../../../collectors/probes/tcp/tcp-replies.ts';

// Captured from a real MariaDB 10.11.19 (Debian 12) on 127.0.0.1: its handshake packet, and the
// error packet it sends once no account may connect from 127.0.0.1.
const MARIADB_HANDSHAKE = Buffer.from(
  '640000000a352e352e352d31302e31312e31392d4d6172696144422d302b64656231327531000400000067445b21306d543f00fef7080200ff81150000000000001d0000007b703f294f33507729633a34006d7973716c5f6e61746976655f70617373776f726400',
  'hex',
);
const MARIADB_HOST_NOT_ALLOWED = Buffer.from(
  '44000000ff6a04486f737420273132372e302e302e3127206973206e6f7420616c6c6f77656420746f20636f6e6e65637420746f2074686973204d61726961444220736572766572',
  'hex',
);

/** A MySQL 8 handshake packet as the server frames it: protocol 10, version, NUL, the rest. */
function mysqlHandshake(version: string): Buffer {
  const payload = Buffer.concat([Buffer.from([10]), Buffer.from(`${version}\0`), Buffer.alloc(40, 1)]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  return Buffer.concat([header, payload]);
}

describe('judgeRedisReply', () => {
  it.each([
    ['+PONG\r\n', { status: 'up', message: 'Redis answered PING with "+PONG"', detail: { reply: '+PONG' } }],
    [
      '-NOAUTH Authentication required.\r\n',
      {
        status: 'up',
        message: 'Redis answers; a password is required ("-NOAUTH Authentication required.")',
        detail: { reply: '-NOAUTH Authentication required.', authRequired: true },
      },
    ],
    [
      '-DENIED Redis is running in protected mode\r\n',
      {
        status: 'up',
        message: 'Redis answered PING with "-DENIED Redis is running in protected mode"',
        detail: { reply: '-DENIED Redis is running in protected mode' },
      },
    ],
  ])('judges %j', (reply, verdict) => {
    expect(judgeRedisReply(Buffer.from(reply))).toEqual(verdict);
  });

  it('waits for the end of the line, and refuses what is not RESP at once', () => {
    expect(judgeRedisReply(Buffer.from(''))).toBeUndefined();
    expect(judgeRedisReply(Buffer.from('+PO'))).toBeUndefined();
    expect(judgeRedisReply(Buffer.from('HTTP/1.1 400'))?.status).toBe('down');
    expect(judgeRedisReply(Buffer.from('ERROR\r\n'))?.status).toBe('down'); // memcached
  });
});

describe('judgePostgresReply', () => {
  it("reads G and N, an old server's ErrorResponse, and nothing else", () => {
    expect(judgePostgresReply(Buffer.from('G'))).toMatchObject({
      status: 'up',
      message: 'PostgreSQL answered the GSSENCRequest (GSSAPI encryption offered)',
      detail: { gssOffered: true },
    });
    expect(judgePostgresReply(Buffer.from('N'))).toMatchObject({
      status: 'up',
      detail: { gssOffered: false },
    });
    // PostgreSQL 11 and older: "unsupported frontend protocol 1234.5680" as an ErrorResponse.
    const fields = Buffer.from(
      'SFATAL\0C0A000\0Munsupported frontend protocol 1234.5680: server supports 2.0 to 3.0\0\0',
    );
    const length = Buffer.alloc(4);
    length.writeUInt32BE(fields.length + 4);
    expect(judgePostgresReply(Buffer.concat([Buffer.from('E'), length, fields]))).toMatchObject({
      status: 'up',
      message:
        'PostgreSQL answered (before version 12: "unsupported frontend protocol 1234.5680: server supports 2.0 to 3.0")',
    });
    expect(judgePostgresReply(Buffer.from('E\0\0'))).toBeUndefined();
    expect(judgePostgresReply(Buffer.from('NOTICE'))?.status).toBe('down');
    expect(judgePostgresReply(Buffer.from('S'))?.status).toBe('down');
    expect(judgePostgresReply(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('judgeMysqlGreeting', () => {
  it('reads MariaDB’s version without the 5.5.5- prefix it adds for old clients', () => {
    expect(judgeMysqlGreeting(MARIADB_HANDSHAKE)).toEqual({
      status: 'up',
      message: 'MySQL handshake from "10.11.19-MariaDB-0+deb12u1"',
      detail: { serverVersion: '10.11.19-MariaDB-0+deb12u1' },
    });
  });

  it('reads a MySQL version as sent', () => {
    expect(judgeMysqlGreeting(mysqlHandshake('8.4.3'))?.detail).toEqual({ serverVersion: '8.4.3' });
  });

  it('reads an error packet as a server that answers and refuses', () => {
    expect(judgeMysqlGreeting(MARIADB_HOST_NOT_ALLOWED)).toEqual({
      status: 'up',
      message:
        'MySQL answers but refuses this client: error 1130 "Host \'127.0.0.1\' is not allowed to connect to this MariaDB server"',
      detail: { reply: "Host '127.0.0.1' is not allowed to connect to this MariaDB server", errorCode: 1130 },
    });
  });

  it('waits for the whole packet and refuses other framing', () => {
    expect(judgeMysqlGreeting(MARIADB_HANDSHAKE.subarray(0, 20))).toBeUndefined();
    expect(judgeMysqlGreeting(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))?.status).toBe('down');
    expect(judgeMysqlGreeting(Buffer.from([5, 0, 0, 0, 9, 0x41, 0, 0, 0]))?.status).toBe('down');
  });
});

describe('readHandshake', () => {
  it('quotes wrong bytes with the protocol it waited for', () => {
    const reader = readHandshake('redis');
    expect(reader.judge(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toEqual({
      status: 'down',
      message: 'not a Redis reply to PING; got "HTTP/1.1 400 Bad Request\\r\\n"',
      detail: { handshake: 'redis' },
    });
    expect(reader.describeMissing(Buffer.alloc(0), 'timed out', 'timed out after 2 s', '2 s').message).toBe(
      'timed out after 2 s waiting for a Redis reply to PING; got nothing',
    );
  });

  it('escapes binary bytes', () => {
    expect(quoteBytes(Buffer.from([0x44, 0, 0xff, 0x22, 0x0a]))).toBe('"D\\x00\\xff\\"\\n"');
  });
});
