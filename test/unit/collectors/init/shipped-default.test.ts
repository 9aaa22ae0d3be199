import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isShippedDefaultText } from '../../../../collectors/init/shipped-default.ts';

describe('the shipped default config', () => {
  it('is known by its hash (a change to status.config.yaml adds its SHA-256 to collectors/init/shipped-default.ts)', async () => {
    const text = await readFile(new URL('../../../../status.config.yaml', import.meta.url), 'utf8');
    expect(isShippedDefaultText(text)).toBe(true);
    expect(isShippedDefaultText(text.replace(/\n/g, '\r\n'))).toBe(true);
    expect(isShippedDefaultText(`${text}# my edit\n`)).toBe(false);
  });
});
