import { ConfigError } from '../../core/config/config-error.ts';
import { loadConfig, neededBySite } from '../../core/config/load-config.ts';
import type { Config } from '../../core/model/index.ts';
import { useSiteLanguage } from '../i18n/index.ts';
import { setSiteTimeZone } from '../lib/format.ts';
import { cacheAcrossRenders } from './build-cache.ts';

/** The validated Vigil config, read once per build; an invalid file stops the build with every problem. */
export const getConfig = cacheAcrossRenders(async ({ configPath }): Promise<Config> => {
  try {
    const { config } = await loadConfig({ path: configPath, needs: neededBySite });
    // Every time on every page of this build is shown in the declared zone (src/lib/format.ts).
    setSiteTimeZone(config.site.timeZone);
    // ...and written in the declared language; an incomplete catalogue stops the build here.
    useSiteLanguage(config.site.language);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.problems.length;
    throw new Error(
      `Vigil cannot build the site: ${count} problem${count === 1 ? '' : 's'} in the config:\n  ${error.problems.join('\n  ')}`,
      { cause: error },
    );
  }
});

/**
 * `vigil start` collects once, then builds and serves (it sets VIGIL_COLLECTS_ONCE=1 for its build):
 * the page then has nothing newer to re-read, and must not claim it updates.
 */
export function isCollectedOnce(): boolean {
  return process.env.VIGIL_COLLECTS_ONCE === '1';
}
