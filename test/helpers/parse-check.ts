import { type Check, ConfigSchema } from '../../core/model/index.ts';

/** One check as a loaded config holds it (name and source resolved), from its YAML-shaped fields. */
export function parseCheck(input: Record<string, unknown>): Check {
  // The group a check names must exist in a config, so the one it names is declared alongside.
  const groups = typeof input.group === 'string' ? [{ id: input.group, name: input.group }] : [];
  const check = ConfigSchema.parse({ groups, checks: [input] }).checks[0];
  if (check === undefined) throw new Error('parseCheck: the config lost its only check');
  return check;
}
