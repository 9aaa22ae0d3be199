import type { APIRoute, GetStaticPaths } from 'astro';
import { listComponentDocumentOutputs, toResponse } from '../../../../data/data-outputs.ts';

export const getStaticPaths = (async () =>
  (await listComponentDocumentOutputs()).map((output) => ({
    params: { id: output.id },
    props: { output },
  }))) satisfies GetStaticPaths;

/** One component with its recent runs and history, for scripts that want more than the Statuspage summary. */
export const GET: APIRoute = ({ props }) => toResponse(props.output);
