import { fileURLToPath } from 'node:url';

/** The file a probe runner process starts from. The CLI bundle puts its own runner entry here. */
export const RUNNER_ENTRY = fileURLToPath(new URL('./probe-runner-entry.js', import.meta.url));
