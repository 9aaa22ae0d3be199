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
const { runCli } = await import('./main.ts');
await runCli(process.argv.slice(2));
