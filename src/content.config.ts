import { defineCollection } from 'astro:content';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { INCIDENTS_DIR, toIncidentSlug } from '../core/incidents/incident-file.ts';
import { IncidentSchema } from '../core/model/index.ts';
import { getIncidentRecords } from './data/incident-records.ts';
import { getSiteInputs } from './data/inputs.ts';

/** One entry: the validated frontmatter, and each update's text rendered by the site's markdown pipeline. */
const IncidentEntrySchema = z.strictObject({
  incident: IncidentSchema,
  updatesHtml: z.array(z.string()),
});

type LoaderContext = Parameters<ReturnType<typeof glob>['load']>[0];

/**
 * data/incidents/*.md ($VIGIL_DATA/incidents) through Astro's glob loader. Every file is first checked
 * the way `vigil validate` checks it, against the config, so a bad file stops the build with
 * `data/incidents/<file>.md: <field>: <what is wrong>`; this runs on every build, since the glob
 * loader skips files it has cached.
 */
const incidentLoader = {
  name: 'vigil-incidents',
  async load(context: LoaderContext) {
    await getIncidentRecords();
    const folder = path.join(getSiteInputs().dataDir, INCIDENTS_DIR);
    // Without files the glob loader would warn on every build of a site that has had no incident yet.
    if (!existsSync(folder) || !readdirSync(folder).some((name) => name.endsWith('.md'))) {
      context.store.clear();
      return;
    }
    const loader = glob({
      pattern: '*.md',
      base: pathToFileURL(`${folder}/`),
      generateId: ({ entry }) => toIncidentSlug(entry),
    });
    await loader.load({ ...context, parseData: (entry) => parseIncidentEntry(context, entry) });
  },
};

async function parseIncidentEntry<T extends Record<string, unknown>>(
  context: LoaderContext,
  entry: { id: string; data: T; filePath?: string },
): Promise<T> {
  const updates = Array.isArray(entry.data.updates) ? (entry.data.updates as { text?: unknown }[]) : [];
  // A leading newline keeps an update that starts with "---" from being read as frontmatter.
  const updatesHtml = await Promise.all(
    updates.map(async (update) => (await context.renderMarkdown(`\n${String(update.text ?? '')}`)).html),
  );
  return context.parseData({ ...entry, data: { incident: entry.data, updatesHtml } as unknown as T });
}

export const collections = {
  incidents: defineCollection({ loader: incidentLoader, schema: IncidentEntrySchema }),
};
