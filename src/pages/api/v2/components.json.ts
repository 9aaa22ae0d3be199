import type { APIRoute } from 'astro';
import { getStatuspageSummary } from '../../../data/statuspage-summary.ts';

/** GET /api/v2/components.json of the Statuspage public API: the page and every component. */
export const GET: APIRoute = async () => {
  const { page, components } = await getStatuspageSummary();
  return new Response(`${JSON.stringify({ page, components }, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
