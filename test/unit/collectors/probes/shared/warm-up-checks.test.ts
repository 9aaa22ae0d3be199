// The spare runner warms up with PARSED_WARM_UP_CHECKS before the config is read, without the schema:
// they must be what the coordinator's parse of WARM_UP_CHECKS gives (probe-runners.ts).
import { describe, expect, it } from 'vitest';
import { WARM_UP_CHECKS } from '../../../../../collectors/probes/registry.ts';
import { PARSED_WARM_UP_CHECKS } from '../../../../../collectors/probes/shared/warm-up-checks.ts';
import { ConfigSchema } from '../../../../../core/model/index.ts';

describe('the warm-up checks a spare runner holds', () => {
  it('are WARM_UP_CHECKS as the config schema parses them, for every type that has one', () => {
    const types = Object.keys(WARM_UP_CHECKS);
    expect(Object.keys(PARSED_WARM_UP_CHECKS).sort()).toEqual(types.sort());
    const parsed = ConfigSchema.parse({
      checks: types.map((type) => ({
        ...WARM_UP_CHECKS[type as keyof typeof WARM_UP_CHECKS],
        id: `warm-up-${type}`,
      })),
    }).checks;
    for (const check of parsed)
      expect(PARSED_WARM_UP_CHECKS[check.type as keyof typeof PARSED_WARM_UP_CHECKS]).toEqual(check);
  });
});
