import path from 'node:path';
import type { SyncSummary } from '../../collectors/build/sync-output.ts';
import { buildSite as buildWithVigil } from '../../collectors/cli/build-command.ts';

export interface BuildSiteOptions {
  configPath: string;
  dataDir: string;
  outDir: string;
  /** The build's clock (epoch ms); default: when the build starts. */
  buildTimeMs?: number;
}

/**
 * Runs the real `astro build` in this process, exactly as `vigil build` does (which also sets aside
 * the BASE_URL that Vitest puts in the environment).
 */
export async function buildSite(options: BuildSiteOptions): Promise<SyncSummary> {
  return await buildWithVigil({
    configPath: path.resolve(options.configPath),
    dataDir: path.resolve(options.dataDir),
    outDir: path.resolve(options.outDir),
    ...(options.buildTimeMs === undefined ? {} : { buildTimeMs: options.buildTimeMs }),
  });
}
