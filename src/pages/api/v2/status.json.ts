import type { APIRoute } from 'astro';
import { SITE_DATA_OUTPUTS, toResponse } from '../../../data/data-outputs.ts';

/** GET /api/v2/status.json of the Statuspage public API: the page and its overall indicator. */
export const GET: APIRoute = () => toResponse(SITE_DATA_OUTPUTS.status);
