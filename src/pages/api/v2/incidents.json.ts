import type { APIRoute } from 'astro';
import { listStatuspageIncidents } from '../../../data/incident-api.ts';
import { getStatuspageSummary } from '../../../data/statuspage-summary.ts';

/** GET /api/v2/incidents.json of the Statuspage public API. */
export const GET: APIRoute = async () => {
  const summary = await getStatuspageSummary();
  const body = { page: summary.page, incidents: await listStatuspageIncidents('all', summary) };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
