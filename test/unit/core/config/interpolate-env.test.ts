import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { createRedactor, redactDeep } from '../../../../core/redact/redact.ts';

const YAML_WITH_SECRETS = `
checks:
  - id: api
    type: http
    url: https://monitor:\${API_PASSWORD}@api.example.org/health
    headers:
      Authorization: Bearer \${API_TOKEN}
      X-Env: \${DEPLOY_ENV:-production}
      X-Literal: $\${NOT_INTERPOLATED}
`;

describe('${ENV} interpolation', () => {
  const env = { API_TOKEN: 'tok-0123456789', API_PASSWORD: 'hunter2hunter2' };

  it('replaces references, applies defaults and keeps $${…} literal', () => {
    const { config } = parseConfigText(YAML_WITH_SECRETS, 'status.config.yaml', env);
    const check = config.checks[0];
    if (check?.type !== 'http') throw new Error('expected an http check');
    expect(check.url).toBe('https://monitor:hunter2hunter2@api.example.org/health');
    expect(check.headers).toEqual({
      Authorization: 'Bearer tok-0123456789',
      'X-Env': 'production',
      'X-Literal': '${NOT_INTERPOLATED}',
    });
  });

  it('returns every value read from the environment as a secret to redact', () => {
    const { secrets } = parseConfigText(YAML_WITH_SECRETS, 'status.config.yaml', env);
    expect(secrets.sort()).toEqual(['hunter2hunter2', 'tok-0123456789']);
  });

  it('records where a value came from the environment; a default or $${…} written in the file is not', () => {
    const { interpolated } = parseConfigText(YAML_WITH_SECRETS, 'status.config.yaml', env);
    expect(interpolated).toEqual([
      ['checks', 0, 'url'],
      ['checks', 0, 'headers', 'Authorization'],
    ]);
  });
});

describe('redaction', () => {
  const redact = createRedactor(['tok-0123456789', 'tok-0123']);

  it.each([
    ['a secret anywhere in text', 'server said: bad token tok-0123456789!', 'server said: bad token ***!'],
    ['the longer of overlapping secrets first', 'tok-0123456789 and tok-0123', '*** and ***'],
    [
      'URL passwords even when not interpolated',
      'GET https://user:pa55@host/x failed',
      'GET https://user:***@host/x failed',
    ],
    ['nothing else', 'HTTP 200 in 84 ms', 'HTTP 200 in 84 ms'],
  ])('masks %s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('walks nested values, keys included', () => {
    const value = { message: 'tok-0123456789', detail: { list: ['x tok-0123456789'], 'tok-0123456789': 1 } };
    expect(redactDeep(value, redact)).toEqual({ message: '***', detail: { list: ['x ***'], '***': 1 } });
  });
});
