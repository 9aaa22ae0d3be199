import type { APIRoute } from 'astro';
import { SITE_DATA_OUTPUTS, toResponse } from '../../../data/data-outputs.ts';

/** Statuspage-shaped summary, so existing aggregators and widgets read Vigil unchanged. */
export const GET: APIRoute = () => toResponse(SITE_DATA_OUTPUTS.summary);
