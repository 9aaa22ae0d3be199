import { fileURLToPath } from 'node:url';

/** Where Vigil's own package lives (src/, astro.config.mjs), whatever the current directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
