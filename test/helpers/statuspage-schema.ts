import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The /api/v2/ documents the schema in test/fixtures/statuspage/ describes, by file name. */
export const STATUSPAGE_DOCUMENTS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'scheduled-maintenances.json',
] as const;
export type StatuspageDocumentName = (typeof STATUSPAGE_DOCUMENTS)[number];

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/statuspage/statuspage-api.schema.json', import.meta.url), 'utf8'),
) as { $id: string };
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
ajv.addSchema(schema);

/** Every way a document breaks the Statuspage shape, as "path: message" lines; empty when it fits. */
export function validateStatuspageDocument(name: StatuspageDocumentName, document: unknown): string[] {
  const validate = ajv.getSchema(`${schema.$id}#/$defs/${name}`);
  if (!validate) throw new Error(`no schema for ${name} in statuspage-api.schema.json`);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `${name}${error.instancePath}: ${error.message ?? 'invalid'}`,
  );
}
