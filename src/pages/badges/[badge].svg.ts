import type { APIRoute, GetStaticPaths } from 'astro';
import { describeStatusBadge, describeUptimeBadge, renderBadgeSvg } from '../../data/badge-svg.ts';
import { getSiteModel } from '../../data/site-model.ts';

/** Two badges per component: `<id>.svg` (status) and `<id>-uptime-30d.svg`. */
export const getStaticPaths = (async () => {
  const model = await getSiteModel();
  return model.components.flatMap((component) => [
    {
      params: { badge: component.id },
      props: { badge: describeStatusBadge(component.name, component.componentStatus) },
    },
    {
      params: { badge: `${component.id}-uptime-30d` },
      props: { badge: describeUptimeBadge(component.name, component.uptime['30d'].ratio) },
    },
  ]);
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(renderBadgeSvg(props.badge), { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
