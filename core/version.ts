import packageJson from '../package.json' with { type: 'json' };

/** Vigil's own version, recorded in every snapshot line. */
export const VIGIL_VERSION: string = packageJson.version;
