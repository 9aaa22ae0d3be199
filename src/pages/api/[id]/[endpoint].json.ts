import type { APIRoute, GetStaticPaths } from 'astro';
import { listShieldsOutputs, toResponse } from '../../../data/data-outputs.ts';

export const getStaticPaths = (async () =>
  (await listShieldsOutputs()).map((output) => ({
    params: { id: output.id, endpoint: output.endpoint },
    props: { output },
  }))) satisfies GetStaticPaths;

/** The shields.io endpoint badges of a component or group, at the paths Upptime READMEs use. */
export const GET: APIRoute = ({ props }) => toResponse(props.output);
