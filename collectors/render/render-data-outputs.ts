import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { keepCoverSums } from '../../core/history/uptime.ts';
import { toUtcDay } from '../../core/history/utc-day.ts';
import { INCIDENTS_DIR } from '../../core/incidents/incident-file.ts';
import { beginRender, endRenders } from '../../src/data/build-clock.ts';
import { fingerprintSiteCode } from '../../src/data/code-fingerprint.ts';
import { forgetComponentHours } from '../../src/data/component-api.ts';
import { listDataOutputs, SITE_DATA_OUTPUTS, toComponentDocumentPath } from '../../src/data/data-outputs.ts';
import { forgetDayParts, resolveCacheDir } from '../../src/data/day-cache.ts';
import { forgetJoinedRuns } from '../../src/data/day-parts.ts';
import { hashIncidentFiles, setRenderedIncidentSource } from '../../src/data/rendered-incidents.ts';
import { getSiteModel, type SiteModel } from '../../src/data/site-model.ts';
import { type BuildRecord, getBuildRecordPath, hashFile, readBuildRecord } from './build-record.ts';
import { OutputWriter } from './write-if-changed.ts';

export interface RenderDataInputs {
  configPath: string;
  dataDir: string;
  outDir: string;
}

export type RenderDataOutcome =
  | {
      status: 'rendered';
      /** Paths relative to outDir, sorted. */
      written: string[];
      unchanged: number;
      ms: number;
      /**
       * Milliseconds until summary.json and the documents of the components with a newer run than the
       * last render were written (they go first); the rest follow within `ms`.
       */
      priorityMs: number;
      /**
       * The pages need a full build too, though the data outputs could be rendered meanwhile: a new
       * UTC day began (the 90-day bars), or the config or an incident file changed. Start one; the
       * outputs stay current while it runs, so a page's live refresh never goes quiet for a build.
       */
      needsBuild?: string;
    }
  | { status: 'needs-build'; reason: string };

/** Renders the data outputs of one site again and again, keeping what it read between renders. */
export interface DataRenderer {
  render(nowMs?: number): Promise<RenderDataOutcome>;
  close(): void;
}

/**
 * A renderer of the data outputs (API, badges, metrics, the summary live refresh reads) of the site
 * that `vigil build` last built into outDir, by the code the build uses (src/data/data-outputs.ts).
 * Pages are not touched: when what they show changed beyond data (config, incidents, the UTC day of
 * the 90-day bars) it renders the data outputs and says a full build is needed too (needsBuild); with
 * no build on record or other code it answers needs-build. Past days stay folded in memory between
 * renders.
 */
export function createDataRenderer(inputs: RenderDataInputs): DataRenderer {
  const resolved = {
    configPath: path.resolve(inputs.configPath),
    dataDir: path.resolve(inputs.dataDir),
    outDir: path.resolve(inputs.outDir),
  };
  const writer = new OutputWriter(resolved.outDir);
  const fingerprint = fingerprintSiteCode();
  // The same series are asked about on every render: keep their running sums (core/history/uptime.ts).
  keepCoverSums(true);
  let record: { stamp: string; value: BuildRecord } | undefined;
  let rendering: Promise<unknown> = Promise.resolve();
  // The stamps of config and incident files last found to match the build record.
  const verified: { key: string | undefined } = { key: undefined };
  // Each component's newest run and status as the last render wrote them.
  const newestSeen = new Map<string, string>();

  const readRecord = async (): Promise<{ stamp: string; value: BuildRecord } | undefined> => {
    const recordPath = getBuildRecordPath(resolved.dataDir, resolved.outDir);
    if (recordPath === undefined) return undefined;
    const stats = await stat(recordPath, { bigint: true }).catch(() => undefined);
    if (stats === undefined) return undefined;
    const stamp = `${stats.size}:${stats.mtimeNs}:${stats.ino}`;
    if (record?.stamp === stamp) return record;
    const value = await readBuildRecord(resolved.dataDir, resolved.outDir);
    // A new full build rewrote the output directory: what this renderer wrote last may be gone, and
    // the build read data/ as it was when it started, so every document is rendered again.
    writer.forget();
    newestSeen.clear();
    record = value === undefined ? undefined : { stamp, value };
    return record;
  };

  const renderOnce = async (nowMs: number): Promise<RenderDataOutcome> => {
    const startedAt = performance.now();
    softReason.value = undefined;
    const code = await fingerprint;
    // Day parts in the build cache are keyed by this fingerprint too (src/data/day-cache.ts).
    process.env.VIGIL_CODE_FINGERPRINT ??= code;
    const built = await readRecord();
    const found = await findNeedsBuildReason(resolved, built, code, nowMs, verified);
    if ((found !== undefined && !found.isSoft) || built === undefined)
      return { status: 'needs-build', reason: found?.reason ?? 'no full build on record' };
    const needsBuild = found?.reason;
    softReason.value = needsBuild;
    setRenderedIncidentSource(new Map(Object.entries(built.value.incidentHtml)));
    beginRender(nowMs, {
      inputs: { configPath: resolved.configPath, dataDir: resolved.dataDir },
      base: built.value.base,
      // Config and incident files are as this record says (findNeedsBuildReason); changed since, they
      // are read afresh on every render while the build they need runs.
      staticKey: needsBuild === undefined ? built.stamp : `${built.stamp}\0${nowMs}\0${Math.random()}`,
    });
    const [outputs, model] = await Promise.all([listDataOutputs(), getSiteModel()]);
    const fresh = findComponentsWithNewRuns(model, newestSeen);
    const first = new Set([SITE_DATA_OUTPUTS.summary.path, ...[...fresh].map(toComponentDocumentPath)]);
    // A component's document is rendered again when its runs or its status changed: the others stay
    // as their last run left them (a full build renders every one at its clock).
    const documents = new Set(model.components.map((component) => toComponentDocumentPath(component.id)));
    const ordered = [
      ...outputs.filter((output) => first.has(output.path)),
      ...outputs.filter((output) => !first.has(output.path) && !documents.has(output.path)),
    ];
    const written: string[] = [];
    let unchanged = 0;
    let priorityMs = 0;
    try {
      for (const [index, output] of ordered.entries()) {
        if (await writer.write(output.path, await output.render())) written.push(output.path);
        else unchanged += 1;
        if (index === first.size - 1) priorityMs = performance.now() - startedAt;
      }
    } catch (error) {
      // Documents this render counted as seen may not have been written: the next renders them all.
      newestSeen.clear();
      throw error;
    }
    return {
      status: 'rendered',
      written: written.sort(),
      unchanged,
      ms: Math.round(performance.now() - startedAt),
      priorityMs: Math.round(priorityMs),
      ...(needsBuild !== undefined && { needsBuild }),
    };
  };

  // A render that a soft reason let through and that fails (a config that no longer loads) answers
  // what the full build will then report.
  const renderOrAskForBuild = async (nowMs: number): Promise<RenderDataOutcome> => {
    try {
      return await renderOnce(nowMs);
    } catch (error) {
      const reason = softReason.value;
      if (reason === undefined) throw error;
      return { status: 'needs-build', reason };
    }
  };
  const softReason: { value: string | undefined } = { value: undefined };

  return {
    // One render at a time: a second call waits for the first.
    render(nowMs = Date.now()) {
      const next = rendering.then(() => renderOrAskForBuild(nowMs));
      rendering = next.catch(() => {});
      return next;
    },
    close() {
      endRenders();
      forgetDayParts();
      forgetJoinedRuns();
      forgetComponentHours();
      keepCoverSums(false);
      setRenderedIncidentSource(undefined);
      writer.forget();
      record = undefined;
    },
  };
}

/** The components whose newest run or status changed since the last render (all, the first time). */
function findComponentsWithNewRuns(model: SiteModel, newestSeen: Map<string, string>): Set<string> {
  const fresh = new Set<string>();
  for (const component of model.components) {
    const stamp = `${component.latest?.t ?? '-'}:${component.runs.length}:${component.status}:${component.componentStatus}:${component.isStale}`;
    if (newestSeen.get(component.id) !== stamp) fresh.add(component.id);
    newestSeen.set(component.id, stamp);
  }
  return fresh;
}

/** One render with nothing kept: `vigil collect --render`. */
export async function renderDataOutputs(
  inputs: RenderDataInputs & { nowMs?: number },
): Promise<RenderDataOutcome> {
  const renderer = createDataRenderer(inputs);
  try {
    return await renderer.render(inputs.nowMs);
  } finally {
    renderer.close();
  }
}

/**
 * Why the pages, not only the data outputs, must be built again; undefined when a render will do.
 * A soft reason (a new UTC day, a changed config or incident file) still lets the data outputs be
 * rendered meanwhile — an incident the record has no HTML of shows its title, status and times, and
 * its text once the build is done —; the others (no record, other code) do not.
 */
async function findNeedsBuildReason(
  inputs: RenderDataInputs,
  built: { stamp: string; value: BuildRecord } | undefined,
  code: string,
  nowMs: number,
  verified: { key: string | undefined },
): Promise<{ reason: string; isSoft: boolean } | undefined> {
  const hard = (reason: string) => ({ reason, isSoft: false });
  if (built === undefined)
    return hard(
      resolveCacheDir(inputs.dataDir) === undefined
        ? 'the build cache is off (VIGIL_CACHE=off), where full builds are recorded'
        : `no full build of ${inputs.outDir} is on record`,
    );
  const record = built.value;
  if (record.configPath !== inputs.configPath || record.dataDir !== inputs.dataDir)
    return hard(`the last full build of ${inputs.outDir} read ${record.configPath} and ${record.dataDir}`);
  if (record.codeFingerprint !== code)
    return hard(
      'the code changed since the last full build (a process started before an upgrade must be restarted)',
    );
  // Config and incident files whose times, sizes and inodes are those they had when their bytes last
  // matched this record are not read again (files changed in the last 2 s are: their times cannot vouch).
  const stamps = await stampSiteFiles(inputs);
  const key = stamps === undefined ? undefined : `${built.stamp}\0${stamps}`;
  if (key === undefined || key !== verified.key) {
    const changed = await compareSiteFiles(inputs, record);
    verified.key = changed === undefined ? key : undefined;
    if (changed !== undefined) return changed;
  }
  const day = toUtcDay(nowMs);
  if (day !== toUtcDay(record.buildTimeMs))
    return { reason: `a new UTC day began (${day}): the 90-day bars move on`, isSoft: true };
  return undefined;
}

const SETTLED_NS = 2_000_000_000n;

/** The config's and every incident file's stat stamp; undefined when one changed too recently to trust. */
async function stampSiteFiles(inputs: RenderDataInputs): Promise<string | undefined> {
  const folder = path.join(inputs.dataDir, INCIDENTS_DIR);
  const names = (await readdir(folder).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.md'))
    .sort();
  const paths = [inputs.configPath, ...names.map((name) => path.join(folder, name))];
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const stamps: string[] = [];
  for (const filePath of paths) {
    const stats = await stat(filePath, { bigint: true }).catch(() => undefined);
    if (stats === undefined || nowNs - stats.ctimeNs < SETTLED_NS) return undefined;
    stamps.push(`${filePath}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`);
  }
  return stamps.join('\0');
}

/** Whether the config and incident files hold the bytes the record was built from. */
async function compareSiteFiles(
  inputs: RenderDataInputs,
  built: BuildRecord,
): Promise<{ reason: string; isSoft: boolean } | undefined> {
  const files = await hashIncidentFiles(inputs.dataDir);
  for (const [name, hash] of files) {
    if (built.incidentFiles[name] === undefined)
      return { reason: `an incident file was added (${name})`, isSoft: true };
    if (built.incidentFiles[name] !== hash)
      return { reason: `an incident file changed (${name})`, isSoft: true };
  }
  for (const name of Object.keys(built.incidentFiles))
    if (!files.has(name)) return { reason: `an incident file was removed (${name})`, isSoft: true };
  const configHash = await hashFile(inputs.configPath).catch(() => 'unreadable');
  if (configHash !== built.configHash)
    return { reason: `the config changed (${inputs.configPath})`, isSoft: true };
  return undefined;
}
