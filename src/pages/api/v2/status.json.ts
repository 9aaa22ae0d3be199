import type { APIRoute } from 'astro';
import { getStatuspageSummary } from '../../../data/statuspage-summary.ts';

/** GET /api/v2/status.json of the Statuspage public API: the page and its overall indicator. */
export const GET: APIRoute = async () => {
  const { page, status } = await getStatuspageSummary();
  return new Response(`${JSON.stringify({ page, status }, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
