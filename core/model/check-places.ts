/** Where a check runs: one source, or several places (`sources`) judged by quorum. Free of zod. */
interface PlacedCheck {
  source: string;
  /** Set only for a check seen from several places (at least two), after the config is loaded. */
  sources?: readonly string[] | undefined;
}

/** The sources that run this check: its `sources`, else its one `source`. */
export function getCheckPlaces(check: PlacedCheck): readonly string[] {
  return check.sources ?? [check.source];
}

/** Whether the collector of `sourceId` runs this check. */
export function runsOn(check: PlacedCheck, sourceId: string): boolean {
  return check.sources === undefined ? check.source === sourceId : check.sources.includes(sourceId);
}

/**
 * Whether the check names its places (`sources`) and is judged by quorum: after loading, the
 * enabled places it lists — usually several, one when the others' sources are disabled.
 */
export function isMultiPlace(check: PlacedCheck): boolean {
  return check.sources !== undefined && check.sources.length > 0;
}
