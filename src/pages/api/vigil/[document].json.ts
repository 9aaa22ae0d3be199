import type { APIRoute, GetStaticPaths } from 'astro';
import { listServiceStatusOutputs, toResponse } from '../../../data/data-outputs.ts';

// `/api/vigil/status.json`, written only when the config lists `services:` (a site without any keeps
// exactly the files it had).
export const getStaticPaths = (async () =>
  (await listServiceStatusOutputs()).map((output) => ({
    params: { document: output.path.replace(/^api\/vigil\//, '').replace(/\.json$/, '') },
    props: { output },
  }))) satisfies GetStaticPaths;

/** Every service with its facets' states and the ok / fail / total counts. */
export const GET: APIRoute = ({ props }) => toResponse(props.output);
