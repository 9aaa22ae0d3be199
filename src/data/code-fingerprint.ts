import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders whose code decides what a day's fold and every data output hold. */
const FINGERPRINTED_FOLDERS = ['core', 'src/data', 'src/lib'];

/** The project root this module lives in (src/data/ is two levels down). */
export const SITE_CODE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A hash of the code that folds days and renders the data outputs: day cache entries and build
 * records (collectors/render) that code of another version or a local edit wrote are never used.
 */
export async function fingerprintSiteCode(root: string = SITE_CODE_ROOT): Promise<string> {
  const hash = createHash('sha1');
  for (const folder of FINGERPRINTED_FOLDERS) {
    const names = (await readdir(path.join(root, folder), { recursive: true }))
      .filter((name) => name.endsWith('.ts'))
      .sort();
    for (const name of names) hash.update(name).update(await readFile(path.join(root, folder, name)));
  }
  return hash.digest('hex').slice(0, 16);
}
