// Regenerates status.config.schema.json (npm run schema); a test fails when the committed copy is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateConfigJsonSchema } from './json-schema.ts';

const target = fileURLToPath(new URL('../../status.config.schema.json', import.meta.url));
await writeFile(target, generateConfigJsonSchema());
console.log(`wrote ${target}`);
