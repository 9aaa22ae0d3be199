import { describe, expect, it } from 'vitest';
import { keepLiteral, protectUrlSecrets } from '../../../../collectors/import/import-helpers.ts';

describe('a URL from an imported file keeps no credential', () => {
  it.each([
    ['https://ghp_TOKEN@host/x', 'https://${WEB_URL_USER_TOKEN}@host/x', ['WEB_URL_USER_TOKEN']],
    [
      'https://h/x?api_key=abc&page=2&token=zz',
      'https://h/x?api_key=${WEB_URL_API_KEY}&page=2&token=${WEB_URL_TOKEN}',
      ['WEB_URL_API_KEY', 'WEB_URL_TOKEN'],
    ],
    ['https://u:pw@h/', 'https://u:${WEB_URL_PASSWORD}@h/', ['WEB_URL_PASSWORD']],
    ['https://h/plain?q=1', 'https://h/plain?q=1', []],
  ])('%s → %s', (url, written, names) => {
    const secrets: { name: string; where: string }[] = [];
    const text = protectUrlSecrets(url, { id: 'web', where: 'monitor 1', secrets });
    expect(text).toBe(written);
    expect(secrets.map((secret) => secret.name)).toEqual(names);
    for (const secret of ['ghp_TOKEN', 'abc', 'zz', 'pw']) expect(text).not.toContain(secret);
  });

  it('parts already written as ${VAR} stay, escaped for a file whose ${ means nothing', () => {
    const secrets: { name: string; where: string }[] = [];
    expect(protectUrlSecrets('https://h/x?token=${T}', { id: 'web', where: 'm', secrets }, keepLiteral)).toBe(
      'https://h/x?token=$${T}',
    );
    expect(secrets).toEqual([]);
  });
});
