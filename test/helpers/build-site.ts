import path from 'node:path';
import { buildSite as buildWithVigil } from '../../collectors/cli/build-command.ts';

export interface BuildSiteOptions {
  configPath: string;
  dataDir: string;
  outDir: string;
}

/**
 * Runs the real `astro build` in this process, exactly as `vigil build` does (which also sets aside
 * the BASE_URL that Vitest puts in the environment).
 */
export async function buildSite(options: BuildSiteOptions): Promise<void> {
  await buildWithVigil({
    configPath: path.resolve(options.configPath),
    dataDir: path.resolve(options.dataDir),
    outDir: path.resolve(options.outDir),
  });
}
