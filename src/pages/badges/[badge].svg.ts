import type { APIRoute, GetStaticPaths } from 'astro';
import { listBadgeOutputs, toResponse } from '../../data/data-outputs.ts';

/** Two badges per component: `<id>.svg` (status) and `<id>-uptime-30d.svg`; a status badge per group, `<group>.svg`. */
export const getStaticPaths = (async () =>
  (await listBadgeOutputs()).map((output) => ({
    params: { badge: output.name },
    props: { output },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => toResponse(props.output);
