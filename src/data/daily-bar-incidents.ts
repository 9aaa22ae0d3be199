import { cachePerBuild } from './build-cache.ts';
import { getBuildTimeMs } from './build-clock.ts';
import type { DailyCell } from './daily-bars.ts';
import { getIncidents, type IncidentModel, indexIncidentsByCheckDay } from './incidents.ts';

/** The incidents and maintenance of each check on each UTC day, built once per build for every bar. */
const getIncidentsByCheckDay = cachePerBuild(async () =>
  indexIncidentsByCheckDay(await getIncidents(), getBuildTimeMs()),
);

/** For one component's bar: the incidents of each of its days, and each incident once, oldest first. */
export async function listBarIncidents(
  checkId: string,
  cells: readonly DailyCell[],
): Promise<{ byDay: Map<string, IncidentModel[]>; distinct: IncidentModel[] }> {
  const byCheckDay = await getIncidentsByCheckDay();
  const byDay = new Map<string, IncidentModel[]>();
  const distinct = new Map<string, IncidentModel>();
  for (const cell of cells) {
    const incidents = byCheckDay.get(`${checkId}/${cell.day}`);
    if (incidents === undefined) continue;
    byDay.set(cell.day, incidents);
    for (const incident of incidents) distinct.set(incident.slug, incident);
  }
  return { byDay, distinct: [...distinct.values()] };
}
