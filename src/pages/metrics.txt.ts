import type { APIRoute } from 'astro';
import { renderPrometheusText } from '../data/prometheus-text.ts';
import { getSiteModel } from '../data/site-model.ts';

/** Prometheus text exposition of every component's status, uptime and newest result. */
export const GET: APIRoute = async () =>
  new Response(renderPrometheusText(await getSiteModel()), {
    headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
  });
