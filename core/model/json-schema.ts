import { z } from 'zod';
import { ConfigSchema } from './config-schema.ts';

/** The JSON Schema of status.config.yaml, generated from the zod schema so the two never disagree. */
export function generateConfigJsonSchema(): string {
  const schema = z.toJSONSchema(ConfigSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  const document = {
    ...schema,
    title: 'Vigil status.config.yaml',
    description: 'Configuration of a Vigil status site: site settings, groups, sources and checks.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
