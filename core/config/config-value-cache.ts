// What a config file's YAML reads as, kept between runs: a cron `vigil collect` of an unchanged
// config skips the YAML parser (about 50 µs a check, half a second at 10,000) and goes straight to
// the `${VAR}` replacement and the schema (load-config.ts). The value is the text as written, before
// any variable is replaced, so no value from the environment is ever stored. Keyed by the text, the
// yaml version and the options it is read with; a file that cannot be read or written is a miss.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import yamlPackage from 'yaml/package.json' with { type: 'json' };
import { getTempPath, removeStaleTempFiles } from '../store/write-file-atomic.ts';
import { YAML_READ_OPTIONS } from './read-yaml.ts';

/** Bumped when what is stored changes shape. */
const CACHE_FORMAT = 1;
/** Entries kept: one per config (and per recent edit of one); the oldest go first. */
const KEEP_ENTRIES = 16;
const SUFFIX = '.v8';

function keyOf(text: string): string {
  return createHash('sha256')
    .update(`${CACHE_FORMAT}\0${yamlPackage.version}\0${JSON.stringify(YAML_READ_OPTIONS)}\0`)
    .update(text)
    .digest('hex');
}

/** The value stored for this text, or undefined. */
export async function readConfigValue(dir: string, text: string): Promise<{ value: unknown } | undefined> {
  try {
    return { value: deserialize(await readFile(path.join(dir, `${keyOf(text)}${SUFFIX}`))) };
  } catch {
    return undefined;
  }
}

/** Stores the value for this text (atomically, readable by this user only); never throws. */
export async function writeConfigValue(dir: string, text: string, value: unknown): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${keyOf(text)}${SUFFIX}`);
    const temp = getTempPath(file);
    await writeFile(temp, serialize(value), { mode: 0o600 });
    await rename(temp, file);
    await pruneEntries(dir, path.basename(file));
  } catch {
    // The next run parses the YAML again.
  }
}

/** Removes all but the newest entries (never the one just written) and killed writers' temp files. */
async function pruneEntries(dir: string, written: string): Promise<void> {
  await removeStaleTempFiles(dir);
  const names = (await readdir(dir)).filter((name) => name.endsWith(SUFFIX) && name !== written);
  if (names.length < KEEP_ENTRIES) return;
  const aged = await Promise.all(
    names.map(async (name) => ({
      name,
      mtimeMs: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0,
    })),
  );
  aged.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { name } of aged.slice(KEEP_ENTRIES - 1)) await rm(path.join(dir, name), { force: true });
}
