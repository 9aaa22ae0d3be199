import { srcDir } from 'astro:config/server';
import { fileURLToPath } from 'node:url';
import type { APIRoute } from 'astro';
import { getEmbedColors, getEmbedStrings } from '../data/embed-settings.ts';
import { bundleInlineScript } from '../data/inline-script.ts';

const ENTRY = fileURLToPath(new URL('scripts/embed-script.ts', srcDir));
const PLACEHOLDER = /(["'`])__VIGIL_EMBED_SETTINGS__\1/;

/** The embed script other sites include (src/scripts/embed-script.ts), with the site's texts and status colours in it. */
export const GET: APIRoute = async () => {
  const [code, strings, colors] = await Promise.all([
    bundleInlineScript(ENTRY),
    getEmbedStrings(),
    getEmbedColors(),
  ]);
  if (!PLACEHOLDER.test(code))
    throw new Error(`${ENTRY}: the settings placeholder is missing from the bundle`);
  const settings = `(${JSON.stringify({ strings, colors })})`;
  return new Response(
    code.replace(PLACEHOLDER, () => settings),
    {
      headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
    },
  );
};
