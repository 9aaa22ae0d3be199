import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateConfigReference } from '../../../../core/model/config-reference.ts';
import { CHECK_TYPES } from '../../../../core/model/index.ts';
import { generateConfigJsonSchema } from '../../../../core/model/json-schema.ts';
import { spliceReference } from '../../../../core/model/write-json-schema.ts';

const readRepoFile = (path: string) => readFile(new URL(`../../../../${path}`, import.meta.url), 'utf8');

describe('generated config documents (run `npm run schema` if these fail)', () => {
  it('status.config.schema.json is up to date with the zod schema', async () => {
    expect(await readRepoFile('status.config.schema.json')).toBe(generateConfigJsonSchema());
  });

  it('docs/configuration.md lists every field of the current schema', async () => {
    const docs = await readRepoFile('docs/configuration.md');
    expect(docs).toBe(spliceReference(docs, generateConfigReference()));
  });

  it('describes every check type for editors', () => {
    const schema = JSON.parse(generateConfigJsonSchema());
    const types = schema.properties.checks.items.oneOf.map(
      (s: { properties: { type: { const: string } } }) => s.properties.type.const,
    );
    expect(types).toEqual(CHECK_TYPES);
    expect(types).toEqual(expect.arrayContaining(['http', 'tcp', 'command', 'host']));
  });
});
