import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  isSecretColumnName,
  isSecretName,
  redactUrl,
} from '../../../../core/redact/redact.ts';

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

describe('createRedactor: one rule set for every line, log, error and page', () => {
  const redact = createRedactor(['s3cr3t-value', undefined, '']);
  it.each([
    ['connect to https://ghp_tok@h/x failed', 'connect to https://***@h/x failed'],
    ['GET https://h/x?token=abc&page=2 → 401', 'GET https://h/x?token=***&page=2 → 401'],
    ['redis://:pw@127.0.0.1:6379 refused', 'redis://:***@127.0.0.1:6379 refused'],
    ['header said s3cr3t-value twice: s3cr3t-value', 'header said *** twice: ***'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe('isSecretName: names whose values are credentials', () => {
  it.each([
    ['apiKey', true],
    ['api key', true],
    ['DB_PASSWORD', true],
    ['Auth token', true],
    ['access-tokens', true],
    ['signing_key', true],
    ['client_secret', true],
    ['session cookie', true],
    ['passphrase', true],
    ['db_pw', true],
    ['DSN', true],
    ['sentryDsn', true],
    ['connection_string', true],
    ['ConnectionStrings', true],
    ['WebP quality', false],
    ['Max upload size (MB)', false],
    ['Worker prefetch multiplier', false],
    ['Allowed MIME types', false],
    ['error_message', false],
    ['author', false],
    ['monkey', false],
    ['Pass rate', false],
    ['connection count', false],
  ])('%j: %s', (name, expected) => {
    expect(isSecretName(name)).toBe(expected);
  });
});

describe('isSecretColumnName: SQL columns whose values are masked whole', () => {
  it.each([
    ['pass', true],
    ['user_pass', true],
    ['pw', true],
    ['dsn', true],
    ['connection_string', true],
    ['api_token', true],
    ['passed', false],
    ['error_message', false],
    ['compass', false],
  ])('%j: %s', (name, expected) => {
    expect(isSecretColumnName(name)).toBe(expected);
  });
});
