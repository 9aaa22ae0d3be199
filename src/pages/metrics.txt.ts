import type { APIRoute } from 'astro';
import { SITE_DATA_OUTPUTS, toResponse } from '../data/data-outputs.ts';

/** Prometheus text exposition of every component's status, uptime and newest result. */
export const GET: APIRoute = () => toResponse(SITE_DATA_OUTPUTS.metrics);
