import type { APIRoute } from 'astro';
import { SITE_DATA_OUTPUTS, toResponse } from '../../../data/data-outputs.ts';

/** GET /api/v2/components.json of the Statuspage public API: the page and every component. */
export const GET: APIRoute = () => toResponse(SITE_DATA_OUTPUTS.components);
