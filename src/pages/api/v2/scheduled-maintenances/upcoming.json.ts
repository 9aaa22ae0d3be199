import type { APIRoute } from 'astro';
import { SITE_DATA_OUTPUTS, toResponse } from '../../../../data/data-outputs.ts';

/** GET /api/v2/scheduled-maintenances/upcoming.json of the Statuspage public API. */
export const GET: APIRoute = () => toResponse(SITE_DATA_OUTPUTS.upcomingMaintenances);
