import type { APIRoute, GetStaticPaths } from 'astro';
import { buildComponentDocument } from '../../../../data/component-api.ts';
import { getSiteModel } from '../../../../data/site-model.ts';

export const getStaticPaths = (async () => {
  const model = await getSiteModel();
  return model.components.map((component) => ({ params: { id: component.id }, props: { component } }));
}) satisfies GetStaticPaths;

/** One component with its history, for scripts that want more than the Statuspage summary. */
export const GET: APIRoute = ({ props }) =>
  new Response(`${JSON.stringify(buildComponentDocument(props.component))}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
