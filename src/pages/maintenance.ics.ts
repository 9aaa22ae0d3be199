import type { APIRoute } from 'astro';
import { buildMaintenanceCalendar } from '../data/incident-calendar.ts';
import { getIncidents } from '../data/incidents.ts';
import { getSiteModel } from '../data/site-model.ts';

/** Upcoming and recent maintenance as an iCalendar feed that calendar apps subscribe to. */
export const GET: APIRoute = async (context) => {
  const [model, incidents] = await Promise.all([getSiteModel(), getIncidents()]);
  const calendar = buildMaintenanceCalendar(incidents, {
    title: model.site.title,
    siteUrl: context.site?.href,
    nowMs: model.nowMs,
  });
  return new Response(calendar, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
