import type { APIRoute, GetStaticPaths } from 'astro';
import { getBranding } from '../../data/branding.ts';

/** The local files site.css, site.favicon and site.socialImage name, copied under names of their content. */
export const getStaticPaths = (async () =>
  (await getBranding()).files.map((file) => ({
    params: { file: file.sitePath.slice('branding/'.length) },
    props: { file },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(props.file.bytes, { headers: { 'Content-Type': props.file.contentType } });
