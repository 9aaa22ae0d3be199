import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { INCIDENTS_DIR, toIncidentSlug } from '../../core/incidents/incident-file.ts';
import { listDirIfExists } from '../../core/store/read-jsonl.ts';

/** An incident file's body and updates as the site's markdown pipeline rendered them. */
export interface RenderedIncident {
  /** The hash of the file's bytes (hashIncidentFiles) when they were rendered. */
  hash: string;
  bodyHtml: string;
  updatesHtml: readonly string[];
}

// Filled by a full build for `vigil build` to record (collectors/render/build-record.ts); set by the
// data renderer from that record, where there is no Astro to render markdown.
const RECORDED_KEY = Symbol.for('vigil.renderedIncidents.recorded');
const SOURCE_KEY = Symbol.for('vigil.renderedIncidents.source');

const slots = globalThis as Record<symbol, unknown>;

/** Every incident file's name (`<slug>.md`) and a hash of its bytes, sorted by name. */
export async function hashIncidentFiles(dataDir: string): Promise<Map<string, string>> {
  const folder = path.join(dataDir, INCIDENTS_DIR);
  const names = (await listDirIfExists(folder))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => entry.name)
    .sort();
  const hashes = await Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(folder, name));
      return [name, createHash('sha1').update(bytes).digest('hex')] as const;
    }),
  );
  return new Map(hashes);
}

/**
 * The rendered HTML of the incident files, by slug. Inside an Astro build it comes from the content
 * collection (astro:content, imported only there) and is recorded for the data renderer; outside
 * Astro, from what the renderer set (setRenderedIncidentSource).
 */
export async function loadRenderedIncidents(dataDir: string): Promise<Map<string, RenderedIncident>> {
  const source = slots[SOURCE_KEY] as Map<string, RenderedIncident> | undefined;
  if (source !== undefined) return source;
  const [{ getCollection }, hashes] = await Promise.all([
    import('astro:content').catch((error: unknown) => {
      throw new Error(
        'incident HTML is rendered by an Astro build: outside one, setRenderedIncidentSource must give it',
        { cause: error },
      );
    }),
    hashIncidentFiles(dataDir),
  ]);
  const rendered = new Map<string, RenderedIncident>();
  for (const entry of await getCollection('incidents')) {
    const hash = [...hashes].find(([name]) => toIncidentSlug(name) === entry.id)?.[1] ?? '';
    rendered.set(entry.id, {
      hash,
      bodyHtml: entry.rendered?.html ?? '',
      updatesHtml: entry.data.updatesHtml ?? [],
    });
  }
  slots[RECORDED_KEY] = rendered;
  return rendered;
}

/** What the last Astro build in this process rendered (and forgets it): `vigil build` records it. */
export function takeRecordedIncidents(): Map<string, RenderedIncident> {
  const recorded = (slots[RECORDED_KEY] as Map<string, RenderedIncident> | undefined) ?? new Map();
  delete slots[RECORDED_KEY];
  return recorded;
}

/** The data renderer's HTML of every incident file (from the build record); undefined: Astro renders it. */
export function setRenderedIncidentSource(rendered: Map<string, RenderedIncident> | undefined): void {
  if (rendered === undefined) delete slots[SOURCE_KEY];
  else slots[SOURCE_KEY] = rendered;
}
