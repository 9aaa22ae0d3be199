import { type Check, ConfigSchema } from '../../core/model/index.ts';

/** One check as a loaded config holds it (name and source resolved), from its YAML-shaped fields. */
export function parseCheck(input: Record<string, unknown>): Check {
  const check = ConfigSchema.parse({ checks: [input] }).checks[0];
  if (check === undefined) throw new Error('parseCheck: the config lost its only check');
  return check;
}
