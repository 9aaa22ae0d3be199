// A check seen from several places (`sources`) pages, drafts incidents and tells webhooks on its
// JUDGED status, never on one place's: each collector judges this run's own result together with the
// statuses the other places' newest runs left in their state files (data/ is shared through git), by
// the core's quorum and staleness rules, and only one place speaks for the check: the announcer.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  getStaleAfterMs,
  isDataStale,
  judgePlacesAt,
  type PlaceFreshness,
} from '../../core/history/freshness.ts';
import type { PlaceVerdict } from '../../core/history/place-judge.ts';
import { getCheckPlaces, isMultiPlace } from '../../core/model/check-places.ts';
import type { Check, CheckResult, CheckStatus, Config, StateFile } from '../../core/model/index.ts';
import type { DataWarningHandler } from '../../core/store/data-warning.ts';
import { readStateFile } from '../../core/store/state-file.ts';
import { getStateFile } from '../../core/store/store-paths.ts';
import type { AlertState } from './alert-state.ts';

/** What the places of one multi-place check say after this run, as this collector sees them. */
export interface PlaceJudgement {
  checkId: string;
  /** The judged status: down or degraded only when `quorum` places agree; unknown with too few fresh votes. */
  status: CheckStatus;
  verdict: PlaceVerdict;
  /** Each place's newest result as this collector sees it (its own: this run). */
  places: PlaceFreshness[];
  /** The first place in `check.sources` whose newest result is current (this collector always is). */
  announcer: string;
  /** Whether this collector is the announcer: the one that alerts, drafts and tells webhooks. */
  isAnnouncer: boolean;
  /** The judged status this collector tracked before this run (its alert state); undefined the first time. */
  previous: CheckStatus | undefined;
  /** The judged status with since when and for how many of this collector's runs, after this run. */
  tracked: { status: CheckStatus; since: string; runs: number };
}

/** This run's results with the judged status in place of this place's own, for multi-place checks. */
export interface PlaceGate {
  judgements: ReadonlyMap<string, PlaceJudgement>;
  /** This run's results; a multi-place check's carries its judged status and says what the places saw. */
  results: CheckResult[];
  /** Whether this collector speaks for the check: always for a single-place check, else only as the announcer. */
  speaksFor: (checkId: string) => boolean;
}

export interface PlaceGateInput {
  config: Pick<Config, 'checks' | 'site' | 'publish'>;
  dataDir: string;
  source: string;
  /** This run's checks and their results (failuresBeforeDown already applied). */
  checks: readonly Check[];
  results: readonly CheckResult[];
  /** When the run started: the votes are judged at this instant. */
  at: Date;
  /** The judged statuses this collector tracked so far (its alert state's `checks`). */
  tracked: AlertState['checks'];
  onWarning: DataWarningHandler;
}

/**
 * Judges each multi-place check of this run: its own result is this place's vote, every other place
 * votes with the `lastStatus` its state file holds for the check, and is silent (no vote) when that
 * file's `lastRunAt` for the check is older than the check's staleAfter. With nothing shared (the
 * other places' files never arrived) the other places are silent, the check is unknown, and one
 * place's outage pages nobody.
 */
export async function judgeRunPlaces(input: PlaceGateInput): Promise<PlaceGate> {
  const multi = input.checks.filter((check) => isMultiPlace(check));
  const judgements = new Map<string, PlaceJudgement>();
  if (multi.length === 0) {
    return { judgements, results: [...input.results], speaksFor: () => true };
  }
  const others = new Set(
    multi.flatMap((check) => getCheckPlaces(check)).filter((source) => source !== input.source),
  );
  const states = await readPlaceStates(input.config, input.dataDir, [...others], input.onWarning);
  const atMs = input.at.getTime();
  const at = input.at.toISOString();
  const byId = new Map(multi.map((check) => [check.id, check]));
  const results = input.results.map((result) => {
    const check = byId.get(result.id);
    if (check === undefined) return result;
    const judgement = judgeStoredPlaces(check, states, input.config.site, atMs, {
      source: input.source,
      status: result.status,
    });
    const before = input.tracked[check.id];
    const tracked =
      before?.status === judgement.verdict.status
        ? { ...before, runs: before.runs + 1 }
        : { status: judgement.verdict.status, since: at, runs: 1 };
    judgements.set(check.id, {
      checkId: check.id,
      status: judgement.verdict.status,
      verdict: judgement.verdict,
      places: judgement.places,
      announcer: judgement.announcer,
      isAnnouncer: judgement.announcer === input.source,
      previous: before?.status,
      tracked,
    });
    return {
      ...result,
      status: judgement.verdict.status,
      message: `${describeVerdictForAlert(judgement.verdict)} (${input.source}: ${result.message || result.status})`,
    };
  });
  return {
    judgements,
    results,
    speaksFor: (checkId) => judgements.get(checkId)?.isAnnouncer ?? true,
  };
}

/**
 * One multi-place check judged from the places' state files (and this collector's own vote when it
 * runs the check): the core's freshness rule (`judgePlacesAt`) on each place's `lastRunAt`.
 */
export function judgeStoredPlaces(
  check: Check,
  states: ReadonlyMap<string, StateFile>,
  site: Config['site'],
  atMs: number,
  own?: { source: string; status: CheckStatus },
): { verdict: PlaceVerdict; places: PlaceFreshness[]; announcer: string } {
  const staleAfterMs = getStaleAfterMs(check, site);
  const places: PlaceFreshness[] = getCheckPlaces(check).map((source) => {
    if (own !== undefined && source === own.source) return { source, newestMs: atMs, status: own.status };
    const stored = states.get(source)?.checks[check.id];
    const ranMs = stored?.lastRunAt === undefined ? Number.NaN : Date.parse(stored.lastRunAt);
    return Number.isFinite(ranMs) && stored?.lastStatus !== undefined
      ? { source, newestMs: ranMs, status: stored.lastStatus }
      : { source, newestMs: null, status: 'unknown' };
  });
  const quorum = check.quorum ?? places.length;
  const verdict = judgePlacesAt(
    { newestMs: atMs, staleAfterMs, fresh: 'unknown', stale: 'unknown', counts: true, places, quorum },
    atMs,
  ) as PlaceVerdict;
  const current = (place: PlaceFreshness) =>
    place.newestMs !== null && !isDataStale(place.newestMs, staleAfterMs, atMs);
  const announcer =
    places.find((place) => place.source === own?.source || current(place))?.source ??
    own?.source ??
    check.source;
  return { verdict, places, announcer };
}

/** "down from 2 of 3 places", "up from 3 of 3 places", "no data: 1 of 3 places current (2 needed)". */
export function describeVerdictForAlert(verdict: PlaceVerdict): string {
  const of = `of ${verdict.total} place${verdict.total === 1 ? '' : 's'}`;
  switch (verdict.status) {
    case 'down':
      return `down from ${verdict.down} ${of}`;
    case 'degraded':
      return `degraded or down from ${verdict.degraded + verdict.down} ${of}`;
    case 'up':
      return `up from ${verdict.up} ${of}`;
    default:
      return `no data: ${verdict.fresh} ${of} current (${verdict.required} needed)`;
  }
}

/**
 * The other places' state files. In place (no `publish.branch`) they are in the data dir, as the
 * last publish's rebase left them; with a data branch they are in publish's worktree of that branch
 * (`<git common dir>/vigil/worktrees/<branch>/data`), and the newer of the two copies wins.
 */
export async function readPlaceStates(
  config: Pick<Config, 'publish'>,
  dataDir: string,
  sources: readonly string[],
  onWarning: DataWarningHandler,
): Promise<Map<string, StateFile>> {
  const dirs = [dataDir];
  if (config.publish.branch !== undefined) {
    const shared = await findDataBranchDir(dataDir, config.publish.branch);
    if (shared !== undefined) dirs.unshift(shared);
  }
  const states = new Map<string, StateFile>();
  for (const source of sources) {
    let best: StateFile | undefined;
    for (const dir of dirs) {
      if (!(await exists(path.join(dir, getStateFile(source))))) continue;
      const state = await readStateFile(dir, source, onWarning);
      if (best === undefined || Date.parse(state.updatedAt ?? '') > Date.parse(best.updatedAt ?? ''))
        best = state;
    }
    if (best !== undefined) states.set(source, best);
  }
  return states;
}

// Where publish checks out the data branch (collectors/publish/data-worktree.ts): git loads only here,
// and runs once per data dir and branch in a process (a watch judges every batch).
const branchDirs = new Map<string, Promise<string | undefined>>();
function findDataBranchDir(dataDir: string, branch: string): Promise<string | undefined> {
  const key = `${path.resolve(dataDir)}\0${branch}`;
  let found = branchDirs.get(key);
  if (found === undefined) {
    found = locateDataBranchDir(dataDir, branch).catch(() => undefined);
    branchDirs.set(key, found);
    // Not a checkout (yet): asked again next time.
    void found.then((dir) => dir === undefined && branchDirs.delete(key));
  }
  return found;
}

async function locateDataBranchDir(dataDir: string, branch: string): Promise<string | undefined> {
  const [{ createGit }, { getDataWorktreePath, DATA_DIR_IN_BRANCH }] = await Promise.all([
    import('../publish/git-runner.ts'),
    import('../publish/data-worktree.ts'),
  ]);
  if (!(await exists(dataDir))) return undefined;
  const top = await createGit(dataDir).tryRaw(['rev-parse', '--show-toplevel']);
  if (!top.ok) return undefined;
  const repoDir = top.output.trim();
  const common = await createGit(repoDir).tryRaw(['rev-parse', '--git-common-dir']);
  if (!common.ok) return undefined;
  const commonDir = path.resolve(repoDir, common.output.trim());
  return path.join(getDataWorktreePath(commonDir, branch), DATA_DIR_IN_BRANCH);
}

/** What another place's alert state says of its check alerts: held open, and resolved last. */
export type PlaceAlerts = Pick<AlertState, 'open' | 'resolved'>;

/**
 * Each other place's alert state (its `data/state/<source>.alerts.json`, shared through git as its
 * state file is: the data branch's copy first when `publish.branch` is set); a place without one
 * holds nothing open.
 */
export async function readPlaceAlerts(
  config: Pick<Config, 'publish'>,
  dataDir: string,
  sources: readonly string[],
  onWarning: DataWarningHandler,
): Promise<Map<string, PlaceAlerts>> {
  const dirs = [dataDir];
  if (config.publish.branch !== undefined) {
    const shared = await findDataBranchDir(dataDir, config.publish.branch);
    if (shared !== undefined) dirs.unshift(shared);
  }
  const { readAlertState, getAlertStateFile } = await import('./alert-state.ts');
  const found = new Map<string, PlaceAlerts>();
  for (const source of sources) {
    for (const dir of dirs) {
      if (!(await exists(path.join(dir, getAlertStateFile(source))))) continue;
      const { open, resolved } = await readAlertState(dir, source, onWarning);
      found.set(source, { open, ...(resolved && { resolved }) });
      break;
    }
  }
  return found;
}

/**
 * This collector's open alerts after a hand-over between places, per provider and multi-place check:
 * - the announcer holding nothing open while the check is judged down or degraded adopts the alert
 *   another place of the check holds open (its key and status: no new trigger; a reminder or the
 *   resolve goes out under the same key);
 * - a collector that is not the announcer drops (without sending anything) an alert the announcer
 *   holds open under the same key: the announcer resolves it, once;
 * - any collector drops an alert another place has resolved already under the same key (it came back
 *   after the one that adopted its alert resolved it).
 */
export function handOverPlaceAlerts(
  gate: Pick<PlaceGate, 'judgements' | 'results'>,
  open: AlertState['open'],
  others: ReadonlyMap<string, PlaceAlerts>,
  providers: readonly { id: string }[],
): AlertState['open'] {
  if (gate.judgements.size === 0) return open;
  const next: AlertState['open'] = { ...open };
  for (const provider of providers) {
    const mine = { ...next[provider.id] };
    for (const judgement of gate.judgements.values()) {
      const id = judgement.checkId;
      const isResolved = (key: string) =>
        [...others.values()].some((place) => place.resolved?.[provider.id]?.[id]?.key === key);
      const held = mine[id];
      if (held !== undefined && isResolved(held.key)) {
        delete mine[id];
        continue;
      }
      if (judgement.isAnnouncer) {
        if (held !== undefined || (judgement.status !== 'down' && judgement.status !== 'degraded')) continue;
        const order = judgement.places.map((place) => place.source);
        const adopted = order
          .map((source) => others.get(source)?.open[provider.id]?.[id])
          .find((entry) => entry !== undefined && !isResolved(entry.key));
        if (adopted !== undefined) mine[id] = adopted;
      } else if (held !== undefined) {
        if (others.get(judgement.announcer)?.open[provider.id]?.[id]?.key === held.key) delete mine[id];
      }
    }
    next[provider.id] = mine;
  }
  return next;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

/**
 * The gate of one collect run, judged once for alerts, webhooks and incident drafts alike; undefined
 * when the run has no multi-place check (nothing is read then).
 */
export async function loadPlaceGate(input: Omit<PlaceGateInput, 'tracked'>): Promise<PlaceGate | undefined> {
  if (!input.checks.some((check) => isMultiPlace(check))) return undefined;
  const [{ readAlertState, renameAlertStateChecks }, { mapFormerIds }] = await Promise.all([
    import('./alert-state.ts'),
    import('../../core/history/former-ids.ts'),
  ]);
  const state = renameAlertStateChecks(
    await readAlertState(input.dataDir, input.source, input.onWarning),
    mapFormerIds(input.config.checks),
  );
  return judgeRunPlaces({ ...input, tracked: state.checks });
}
