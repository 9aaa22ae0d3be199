import { describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../../../collectors/transport/network-error.ts';

function nodeError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('describeNetworkError', () => {
  it.each([
    [nodeError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'connect ECONNREFUSED 127.0.0.1:9'],
    [nodeError('read ECONNRESET', 'ECONNRESET'), 'connection reset (ECONNRESET)'],
    [nodeError('ECONNRESET', 'ECONNRESET'), 'connection reset (ECONNRESET)'],
    [nodeError('socket hang up', 'ECONNRESET'), 'connection reset (ECONNRESET)'],
    [nodeError('aborted', 'ECONNRESET'), 'connection closed before the response ended'],
    [nodeError('write EPIPE', 'EPIPE'), 'connection closed while sending the request (EPIPE)'],
    [nodeError('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND'), 'getaddrinfo ENOTFOUND db.internal'],
    [
      nodeError(
        'Client network socket disconnected before secure TLS connection was established',
        'ECONNRESET',
      ),
      'Client network socket disconnected before secure TLS connection was established',
    ],
    [
      nodeError('Parse Error: Invalid header value char', 'HPE_INVALID_HEADER_TOKEN'),
      'invalid HTTP response: Parse Error: Invalid header value char (HPE_INVALID_HEADER_TOKEN)',
    ],
    [
      nodeError('Premature close', 'ERR_STREAM_PREMATURE_CLOSE'),
      'connection closed before the response ended',
    ],
    ['a string', 'a string'],
  ])('%s', (error, expected) => {
    expect(describeNetworkError(error)).toBe(expected);
  });
});
