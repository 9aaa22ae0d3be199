import type { CheckStatus } from '../model/status.ts';
import type { CheckFreshness } from './freshness.ts';

/**
 * Every check's freshness as every page embeds it, in few bytes: checks share their newest times
 * (one run of a source) and their profiles (stale-after, statuses, counted or not), so each check is
 * its id and two small indexes. At 1,000 checks this is about 20 KB a page, not 120 KB.
 */
export interface FreshnessWire {
  /** Distinct newest result times, epoch ms (null: never ran). */
  times: (number | null)[];
  /** Distinct [staleAfterMs, fresh, stale, counts]. */
  profiles: [number, CheckStatus, CheckStatus, boolean][];
  /** Per check id: [index in times, index in profiles, 1 when the page's overall status counts it]. */
  checks: Record<string, [number, number, 0 | 1]>;
  /**
   * Per check seen from several places (absent when there is none, so a site without one embeds the
   * same bytes as before): [quorum, [source, its newest result ms or null, its status] per place].
   */
  places?: Record<string, [number, [string, number | null, CheckStatus][]]>;
}

/** What every page embeds (FreshnessClock.astro) for freshness-clock.ts to judge it by the reader's clock. */
export interface EmbeddedFreshnessWire {
  freshness: FreshnessWire;
  /** Where live refresh reads newer data, how often, and whether there ever is any. */
  live: { summaryUrl: string; refreshSeconds: number; collectsOnce: boolean };
}

export function encodeFreshness(
  checks: ReadonlyMap<string, CheckFreshness>,
  overall: ReadonlySet<string>,
): FreshnessWire {
  const wire: FreshnessWire = { times: [], profiles: [], checks: {} };
  const timeIndex = new Map<number | null, number>();
  const profileIndex = new Map<string, number>();
  for (const [id, check] of checks) {
    let time = timeIndex.get(check.newestMs);
    if (time === undefined) {
      time = wire.times.push(check.newestMs) - 1;
      timeIndex.set(check.newestMs, time);
    }
    const profile: FreshnessWire['profiles'][number] = [
      check.staleAfterMs,
      check.fresh,
      check.stale,
      check.counts,
    ];
    const key = profile.join(' ');
    let index = profileIndex.get(key);
    if (index === undefined) {
      index = wire.profiles.push(profile) - 1;
      profileIndex.set(key, index);
    }
    wire.checks[id] = [time, index, overall.has(id) ? 1 : 0];
    if (check.places !== undefined && check.quorum !== undefined) {
      wire.places ??= {};
      wire.places[id] = [
        check.quorum,
        check.places.map((place) => [place.source, place.newestMs, place.status]),
      ];
    }
  }
  return wire;
}

export function decodeFreshness(wire: FreshnessWire): {
  checks: Record<string, CheckFreshness>;
  overall: string[];
} {
  const checks: Record<string, CheckFreshness> = {};
  const overall: string[] = [];
  for (const [id, [time, profile, counted]] of Object.entries(wire.checks)) {
    const [staleAfterMs, fresh, stale, counts] = wire.profiles[profile] as FreshnessWire['profiles'][number];
    const check: CheckFreshness = { newestMs: wire.times[time] ?? null, staleAfterMs, fresh, stale, counts };
    const placed = wire.places?.[id];
    if (placed !== undefined) {
      check.places = placed[1].map(([source, newestMs, status]) => ({ source, newestMs, status }));
      check.quorum = placed[0];
    }
    checks[id] = check;
    if (counted === 1) overall.push(id);
  }
  return { checks, overall };
}
