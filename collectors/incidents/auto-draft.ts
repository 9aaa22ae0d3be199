import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { INCIDENTS_DIR, splitIncidentFile } from '../../core/incidents/incident-file.ts';
import { getCurrentStatus } from '../../core/incidents/incident-phase.ts';
import { renderIncidentFile } from '../../core/incidents/incident-template.ts';
import { getCheckPlaces } from '../../core/model/check-places.ts';
import {
  type Check,
  type CheckResult,
  type Config,
  formatDurationMs,
  type Incident,
  IncidentSchema,
  type StateFile,
} from '../../core/model/index.ts';
import { readSnapshots } from '../../core/store/read-snapshots.ts';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import type { PlaceGate } from '../notify/place-gate.ts';

export interface AutoDraftInput {
  dataDir: string;
  config: Config;
  /** This run's checks and their (redacted) results. */
  checks: readonly Check[];
  results: readonly CheckResult[];
  /** Collector state after this run: consecutive failures and since when the status holds. */
  state: StateFile;
  now: Date;
  /**
   * This run's multi-place checks judged by quorum: such a check is drafted on its judged status
   * (down for `afterFailures` of this collector's runs) and only by its first place (`sources[0]`).
   */
  places?: PlaceGate;
}

export interface AutoDraftChange {
  /** Relative to the data dir: "incidents/2026-11-22-web-auto.md". */
  file: string;
  action: 'drafted' | 'recovered';
  checkId: string;
}

interface AutoFile {
  fileName: string;
  incident: Incident;
  body: string;
}

/**
 * Opt-in (`incidents.autoDraft`): a check down for `afterFailures` runs in a row gets a draft incident
 * file, `draft: true`, for a person to edit and publish by pull request; when the check recovers, a
 * draft still flagged as one gets a "resolved" update and an end. One open auto file per check at a
 * time, so one outage never gets two drafts; a file a person has published is left to that person.
 */
export async function updateAutoDrafts(input: AutoDraftInput): Promise<AutoDraftChange[]> {
  const settings = input.config.incidents.autoDraft;
  if (settings === undefined) return [];
  const folder = path.join(input.dataDir, INCIDENTS_DIR);
  const fileNames = await listFileNames(folder);
  const changes: AutoDraftChange[] = [];
  const resultById = new Map(input.results.map((result) => [result.id, result]));
  for (const result of input.places?.results ?? []) resultById.set(result.id, result);
  for (const check of input.checks) {
    const judgement = input.places?.judgements.get(check.id);
    // One writer per multi-place check: only its first place drafts (and resolves) its incident
    // file, so two collectors never write the same file after a hand-over and conflict on publish.
    if (
      judgement !== undefined &&
      !(judgement.isAnnouncer && judgement.announcer === getCheckPlaces(check)[0])
    )
      continue;
    const result = resultById.get(check.id);
    const checkState = input.state.checks[check.id];
    if (result === undefined || checkState === undefined) continue;
    const openFiles = (await readAutoFiles(folder, fileNames, check.id)).filter(
      // Open by where it stands now: a draft resolved by an update alone is closed too.
      (file) => getCurrentStatus(file.incident) !== 'resolved',
    );
    const failuresBeforeDown = check.failuresBeforeDown ?? input.config.collect.failuresBeforeDown;
    // A judged status holds for as many of this collector's runs as it tracked (the places' own
    // failure counts are already in their votes).
    const downRuns =
      result.status !== 'down'
        ? 0
        : judgement !== undefined
          ? judgement.tracked.runs
          : checkState.consecutiveFailures - failuresBeforeDown + 1;
    const isBack =
      judgement !== undefined
        ? judgement.status === 'up'
        : checkState.consecutiveFailures === 0 && result.status !== 'unknown';
    if (downRuns >= settings.afterFailures && openFiles.length === 0) {
      const since =
        (judgement !== undefined ? judgement.tracked.since : checkState.since) ?? input.now.toISOString();
      const fileName = chooseFileName(fileNames, since.slice(0, 10), check.id);
      const message = await findFirstDownMessage(input.dataDir, check.id, since, result.message);
      const text = renderIncidentFile(buildDraft(check, since, message, downRuns, input.now), DRAFT_BODY);
      await writeFileAtomic(path.join(folder, fileName), text);
      fileNames.push(fileName);
      changes.push({ file: `${INCIDENTS_DIR}/${fileName}`, action: 'drafted', checkId: check.id });
    } else if (isBack) {
      for (const file of openFiles.filter((candidate) => candidate.incident.draft)) {
        const text = renderIncidentFile(resolveDraft(file.incident, check, result, input.now), file.body);
        await writeFileAtomic(path.join(folder, file.fileName), text);
        changes.push({ file: `${INCIDENTS_DIR}/${file.fileName}`, action: 'recovered', checkId: check.id });
      }
    }
  }
  return changes;
}

const DRAFT_BODY = `This draft was written by \`vigil collect\` because the check stayed down. Edit the title, impact
and text, say what users should do, then remove \`draft: true\` and open a pull request to publish it.
`;

function buildDraft(check: Check, since: string, message: string, downRuns: number, now: Date) {
  const name = check.name;
  return {
    title: `${name} is down`,
    kind: 'incident' as const,
    impact: 'major' as const,
    status: 'investigating' as const,
    affected: [check.id],
    start: since,
    updates: [
      {
        at: now.toISOString(),
        status: 'investigating' as const,
        text: `${name} has been down since ${since} (${downRuns} runs in a row). First failure: ${toCodeSpan(message)}`,
      },
    ],
    draft: true,
  };
}

function resolveDraft(incident: Incident, check: Check, result: CheckResult, now: Date) {
  const name = check.name;
  const downForMs = now.getTime() - Date.parse(incident.start);
  return {
    ...incident,
    status: 'resolved' as const,
    end: now.toISOString(),
    updates: [
      ...incident.updates,
      {
        at: now.toISOString(),
        status: 'resolved' as const,
        text: `${name} is ${result.status} again after ${formatDurationMs(Math.max(0, downForMs))}: ${toCodeSpan(result.message)}`,
      },
    ],
  };
}

/** The message of the first down result since the outage began, from the snapshots; else this run's. */
async function findFirstDownMessage(dataDir: string, checkId: string, since: string, fallback: string) {
  const lines = await readSnapshots(dataDir, { since: new Date(since), onWarning: () => {} });
  for (const line of lines) {
    if (Date.parse(line.t) < Date.parse(since)) continue;
    const result = line.results.find((candidate) => candidate.id === checkId && candidate.status === 'down');
    if (result) return result.message;
  }
  return fallback;
}

/** `<day>-<id>-auto.md`, or `-auto-2.md` and on when an earlier outage that day already has one. */
function chooseFileName(fileNames: readonly string[], day: string, checkId: string): string {
  for (let index = 1; ; index++) {
    const fileName = `${day}-${checkId}-auto${index === 1 ? '' : `-${index}`}.md`;
    if (!fileNames.includes(fileName)) return fileName;
  }
}

async function readAutoFiles(folder: string, fileNames: readonly string[], checkId: string) {
  const pattern = new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${escapeRegExp(checkId)}-auto(-\\d+)?\\.md$`);
  const files: AutoFile[] = [];
  for (const fileName of fileNames.filter((name) => pattern.test(name))) {
    const split = splitIncidentFile(await readFile(path.join(folder, fileName), 'utf8'));
    const parsed = IncidentSchema.safeParse(split.frontmatter);
    // A file a person made invalid is theirs to fix; `vigil validate` reports it.
    if (parsed.success) files.push({ fileName, incident: parsed.data, body: split.body });
  }
  return files;
}

async function listFileNames(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function toCodeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ').trim()}\``;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What collect calls after writing its run: drafting trouble is a warning, never a lost run. */
export async function runAutoDrafts(input: AutoDraftInput, redact: (text: string) => string): Promise<void> {
  try {
    for (const change of await updateAutoDrafts(input)) {
      const what = change.action === 'drafted' ? 'drafted incident' : 'added the recovery to draft';
      console.error(redact(`vigil collect: ${change.checkId}: ${what} ${change.file}`));
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(redact(`vigil collect: warning: incident drafts not updated: ${reason}`));
  }
}
