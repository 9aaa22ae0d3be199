import type { APIRoute } from 'astro';
import { getStatuspageSummary } from '../../../data/statuspage-summary.ts';

/** Statuspage-shaped summary, so existing aggregators and widgets read Vigil unchanged. */
export const GET: APIRoute = async () => {
  const summary = await getStatuspageSummary();
  return new Response(`${JSON.stringify(summary, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
