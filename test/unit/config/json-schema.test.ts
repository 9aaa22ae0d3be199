import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateConfigJsonSchema } from '../../../collectors/model/json-schema.ts';

describe('status.config.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` if this fails)', async () => {
    const committed = await readFile(new URL('../../../status.config.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(generateConfigJsonSchema());
  });

  it('describes every check type for editors', () => {
    const schema = JSON.parse(generateConfigJsonSchema());
    const types = schema.properties.checks.items.oneOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const);
    expect(types).toEqual(['http', 'tcp', 'command', 'host']);
  });
});
