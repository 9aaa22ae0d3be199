import type { APIRoute, GetStaticPaths } from 'astro';
import { buildComponentDocument } from '../../../../data/component-api.ts';
import { getSiteModel } from '../../../../data/site-model.ts';

export const getStaticPaths = (async () => {
  const model = await getSiteModel();
  return model.components.map((component) => ({
    params: { id: component.id },
    props: { component, nowMs: model.nowMs },
  }));
}) satisfies GetStaticPaths;

/** One component with its recent runs and history, for scripts that want more than the Statuspage summary. */
export const GET: APIRoute = ({ props }) =>
  new Response(`${JSON.stringify(buildComponentDocument(props.component, props.nowMs))}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
