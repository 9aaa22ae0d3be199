import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * SHA-256 of every status.config.yaml Vigil has shipped (line endings as LF). A unit test holds the
 * newest equal to the file in the repository: whoever changes the shipped default adds its hash here,
 * so `vigil init` may still replace an untouched copy and `vigil start` still suggests init.
 */
const SHIPPED_DEFAULT_SHA256 = new Set(['45d87483db64acb9cb2df7bde2c388a6ad558db997e4a5e08dd65ef17b64f03e']);

export function isShippedDefaultText(text: string): boolean {
  const digest = createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
  return SHIPPED_DEFAULT_SHA256.has(digest);
}

/** Whether the file is a shipped default config nobody has edited; false when it cannot be read. */
export async function isShippedDefaultConfig(path: string): Promise<boolean> {
  try {
    return isShippedDefaultText(await readFile(path, 'utf8'));
  } catch {
    return false;
  }
}
