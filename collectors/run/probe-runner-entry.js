// What a probe runner process starts from: JavaScript, so that with Node's compile cache on, the
// runner's TypeScript modules come from the cache, already stripped (see collectors/cli/vigil.js).
import module from 'node:module';

module.enableCompileCache?.();
await import('./probe-runner-child.ts');
