import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../../core/redact/redact-url.ts';

describe('redactUrl', () => {
  it.each([
    ['https://example.org/health', 'https://example.org/health'],
    ['https://user:pass@example.org/health', 'https://user:***@example.org/health'],
    ['https://user:p%40ss:w@example.org', 'https://user:***@example.org'],
    ['https://ghp_token123@example.org/x', 'https://***@example.org/x'],
    ['http://user:@example.org/', 'http://user:***@example.org/'],
    ['https://example.org/a?token=abc&page=2', 'https://example.org/a?token=***&page=2'],
    ['https://example.org/a?page=2&API_KEY=abc#top', 'https://example.org/a?page=2&API_KEY=***#top'],
    ['https://example.org/a?access_token=abc', 'https://example.org/a?access_token=***'],
    ['https://example.org/a?monkey=banana', 'https://example.org/a?monkey=banana'],
    ['https://example.org/mail@example.org', 'https://example.org/mail@example.org'],
    ['not a url', 'not a url'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
