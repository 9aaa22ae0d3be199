import { type EmbeddedFreshnessWire, encodeFreshness } from '../../core/history/freshness-wire.ts';
import { toSitePath } from '../lib/site-path.ts';
import { cachePerBuild } from './build-cache.ts';
import { isCollectedOnce } from './config.ts';
import { countedFreshness, getSiteModel } from './site-model.ts';

/**
 * What every page embeds for the browser to judge it again by its own clock (FreshnessClock.astro):
 * each check's newest result time and stale-after, the checks the overall status counts, and how live
 * refresh finds newer data. The same for every page of a build, so it is serialised once, not once
 * per page (thousands of pages at 1,000 checks).
 */
export const getFreshnessEmbedText = cachePerBuild(async (): Promise<string> => {
  const model = await getSiteModel();
  const embedded: EmbeddedFreshnessWire = {
    freshness: encodeFreshness(
      new Map(model.components.map((component) => [component.id, component.freshness])),
      new Set(model.components.filter((c) => countedFreshness([c]).length > 0).map((c) => c.id)),
    ),
    live: {
      summaryUrl: toSitePath('api/v2/summary.json'),
      refreshSeconds: model.site.refreshSeconds,
      collectsOnce: isCollectedOnce(),
    },
  };
  return JSON.stringify(embedded).replaceAll('<', '\\u003c');
});
