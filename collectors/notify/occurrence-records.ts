import { isRecurring, resolveOccurrence } from '../../core/incidents/recurrence.ts';
import type { LoadedIncident } from '../../core/incidents/validate-incidents.ts';

/** A loaded file, or one occurrence of a recurring maintenance under its key (`fileSlug` its file). */
export type OccurrenceRecord = LoadedIncident & { fileSlug?: string };

/** The key an occurrence of a recurring maintenance is announced under. */
export function toOccurrenceKey(slug: string, start: string): string {
  return `${slug}@${new Date(Date.parse(start)).toISOString()}`;
}

/**
 * A recurring maintenance as the records to compare: its occurrence now, plus each announced
 * occurrence of it that is no longer the current one (to announce its end). Others stay as they are.
 */
export function toOccurrenceRecords(
  record: LoadedIncident,
  nowMs: number,
  announced: readonly string[] | undefined,
): OccurrenceRecord[] {
  if (!isRecurring(record.incident)) return [record];
  const current = resolveOccurrence(record.incident, nowMs);
  const currentKey = toOccurrenceKey(record.slug, current.start);
  const records: OccurrenceRecord[] = [
    { ...record, slug: currentKey, fileSlug: record.slug, incident: current },
  ];
  const durationMs =
    Date.parse(record.incident.end ?? record.incident.start) - Date.parse(record.incident.start);
  for (const key of announced ?? []) {
    if (!key.startsWith(`${record.slug}@`) || key === currentKey) continue;
    const start = key.slice(record.slug.length + 1);
    if (Number.isNaN(Date.parse(start))) continue;
    const end = new Date(Date.parse(start) + durationMs).toISOString();
    // Over by the clock: the window is past, so only its end is news.
    records.push({
      ...record,
      slug: key,
      fileSlug: record.slug,
      incident: {
        ...record.incident,
        rrule: undefined,
        start,
        end,
        estimatedResolution: undefined,
        updates: [],
        status: 'completed',
      },
    });
  }
  return records;
}
