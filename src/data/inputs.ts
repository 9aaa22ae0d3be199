import { resolveConfigPath, resolveDataDir } from '../../core/config/config-paths.ts';

export interface SiteInputs {
  /** Absolute path of the Vigil config file. */
  configPath: string;
  /** Absolute path of the data directory (snapshots/, rollups/). */
  dataDir: string;
}

/** Where the build reads from: $VIGIL_CONFIG and $VIGIL_DATA (as `vigil build` sets them), else the defaults. */
export function getSiteInputs(env: NodeJS.ProcessEnv = process.env): SiteInputs {
  return {
    configPath: resolveConfigPath(undefined, env),
    dataDir: resolveDataDir(undefined, env),
  };
}
