#!/usr/bin/env node
// The `vigil` executable. It is JavaScript, not TypeScript, and turns on Node's compile cache before
// loading anything else: every TypeScript module after it then comes from the cache, already
// stripped, so a cron run never starts the type stripper (about 70 ms) nor recompiles a module.
import module from 'node:module';

module.enableCompileCache?.();
const { runCli } = await import('./main.ts');
await runCli(process.argv.slice(2));
