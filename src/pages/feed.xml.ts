import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { listFeedEntries } from '../data/incident-feeds.ts';
import { getIncidents } from '../data/incidents.ts';
import { getSiteModel } from '../data/site-model.ts';

// Feeds need absolute links; without site.url in the config they point at a placeholder host.
const FALLBACK_SITE = 'http://localhost/';

/** RSS 2.0 of incident and maintenance updates, newest first. */
export const GET: APIRoute = async (context) => {
  const [model, incidents] = await Promise.all([getSiteModel(), getIncidents()]);
  return rss({
    title: `${model.site.title}: incidents and maintenance`,
    description: `Incidents and maintenance of ${model.site.title}`,
    site: context.site ?? FALLBACK_SITE,
    items: listFeedEntries(incidents).map((entry) => ({
      title: entry.title,
      link: entry.href,
      pubDate: new Date(entry.atMs),
      content: entry.html,
      categories: entry.categories,
      customData: `<guid isPermaLink="false">${entry.id}</guid>`,
    })),
  });
};
