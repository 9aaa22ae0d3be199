#!/usr/bin/env node
// The `vigil` executable. It is JavaScript, not TypeScript, and turns on Node's compile cache before
// loading anything else: every TypeScript module after it then comes from the cache, already
// stripped, so a cron run never starts the type stripper (about 70 ms) nor recompiles a module.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// In the project's own node_modules, not the shared temp folder: on a login node another user
// could create /tmp/node-compile-cache first and fill it. A folder it cannot write only costs time.
module.enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE ||
    fileURLToPath(new URL('../../node_modules/.cache/vigil-compile/', import.meta.url)),
);
// The CLI bundle (collectors/bundle/), when it is as new as the sources: a few files to load, not 330.
const { findBundle } = await import('../bundle/find-bundle.js');
const bundle = await findBundle();
const { runCli } = await (bundle === undefined ? import('./main.ts') : importBundle(bundle));
await runCli(process.argv.slice(2));

/** The bundle's CLI, or the sources' when the bundle cannot be loaded (it then says why, once). */
async function importBundle(url) {
  try {
    return await import(url);
  } catch (error) {
    process.stderr.write(
      `vigil: warning: the CLI bundle could not be loaded (${error instanceof Error ? error.message : error}); running from the sources\n`,
    );
    return import('./main.ts');
  }
}
