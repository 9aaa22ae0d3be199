import path from 'node:path';
import { DEFAULT_SOURCE_ID } from '../model/config-schema.ts';

/** Where every command and the Astro build look for their inputs unless told otherwise. */
export const DEFAULT_CONFIG_FILE = 'status.config.yaml';
export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_OUT_DIR = 'dist';

/** The config file: a --config flag, else $VIGIL_CONFIG, else status.config.yaml; absolute. */
export function resolveConfigPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.VIGIL_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** The data directory: a --data flag, else $VIGIL_DATA, else data/; absolute. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.VIGIL_DATA ?? DEFAULT_DATA_DIR);
}

/** Which collector this process is: a --source flag, else $VIGIL_SOURCE, else the config's default. */
export function resolveSourceId(
  config: { defaultSource: string } | undefined,
  flag?: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag ?? env.VIGIL_SOURCE ?? config?.defaultSource ?? DEFAULT_SOURCE_ID;
}
