// What a probe runner process starts from: JavaScript, so that with Node's compile cache on, the
// runner's TypeScript modules come from the cache, already stripped (see collectors/cli/vigil.js).
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// In the project's own node_modules, not the shared temp folder: on a login node another user
// could create /tmp/node-compile-cache first and fill it. A folder it cannot write only costs time.
module.enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE ||
    fileURLToPath(new URL('../../node_modules/.cache/vigil-compile/', import.meta.url)),
);
await import('./probe-runner-child.ts');
