import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../core/store/write-file-atomic.ts';
import { getBuildTimeMs } from '../../src/data/build-clock.ts';
import { fingerprintSiteCode } from '../../src/data/code-fingerprint.ts';
import { resolveCacheDir } from '../../src/data/day-cache.ts';
import {
  hashIncidentFiles,
  type RenderedIncident,
  takeRecordedIncidents,
} from '../../src/data/rendered-incidents.ts';

/** Bumped when a record's shape changes: a record of another version reads as none. */
const BUILD_RECORD_VERSION = 1;

/**
 * What a successful full build of one output directory was built from: the data renderer
 * (render-data-outputs.ts) renders between full builds only while all of it still holds.
 */
export interface BuildRecord {
  v: number;
  outDir: string;
  configPath: string;
  dataDir: string;
  /** The build's clock, epoch ms; its UTC day is the day of the 90-day bars the pages show. */
  buildTimeMs: number;
  /** sha1 of the config file's bytes. */
  configHash: string;
  /** src/data/code-fingerprint.ts of the code that built it. */
  codeFingerprint: string;
  /** `site.base`: the base the pages link under. */
  base: string;
  /** Every incident file's name and the hash of its bytes. */
  incidentFiles: Record<string, string>;
  /** The HTML the build rendered of each published incident file, by slug. */
  incidentHtml: Record<string, RenderedIncident>;
}

/** What `vigil build` reads before Astro runs (so a file edited during the build reads as changed). */
export interface BuildInputsSeen {
  configHash: string;
  codeFingerprint: string;
  incidentFiles: Record<string, string>;
}

/** `.vigil-cache/builds/<hash of the absolute output directory>.json`; undefined with the cache off. */
export function getBuildRecordPath(dataDir: string, outDir: string): string | undefined {
  const cacheDir = resolveCacheDir(dataDir);
  if (cacheDir === undefined) return undefined;
  const key = createHash('sha1').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'builds', `${key}.json`);
}

export async function hashFile(filePath: string): Promise<string> {
  return createHash('sha1')
    .update(await readFile(filePath))
    .digest('hex');
}

/** The config, code and incident files as a build starts; forgets HTML an earlier build recorded. */
export async function readBuildInputs(configPath: string, dataDir: string): Promise<BuildInputsSeen> {
  takeRecordedIncidents();
  const [configHash, codeFingerprint, incidentFiles] = await Promise.all([
    // A config that cannot be read fails the build, which then records nothing.
    hashFile(configPath).catch(() => ''),
    fingerprintSiteCode(),
    hashIncidentFiles(dataDir),
  ]);
  return { configHash, codeFingerprint, incidentFiles: Object.fromEntries(incidentFiles) };
}

/**
 * Records a successful full build of outDir, with the incident HTML it rendered. A cache that cannot
 * be written only costs a full build where a render would have done.
 */
export async function writeBuildRecord(
  inputs: { configPath: string; dataDir: string; outDir: string; base: string },
  seen: BuildInputsSeen,
): Promise<void> {
  const recordPath = getBuildRecordPath(inputs.dataDir, inputs.outDir);
  if (recordPath === undefined) return;
  const record: BuildRecord = {
    v: BUILD_RECORD_VERSION,
    outDir: path.resolve(inputs.outDir),
    configPath: path.resolve(inputs.configPath),
    dataDir: path.resolve(inputs.dataDir),
    buildTimeMs: getBuildTimeMs(),
    base: inputs.base,
    ...seen,
    incidentHtml: Object.fromEntries(takeRecordedIncidents()),
  };
  await writeFileAtomic(recordPath, `${JSON.stringify(record)}\n`).catch(() => {});
}

/** The record of outDir's last full build; undefined when there is none (or of another version). */
export async function readBuildRecord(dataDir: string, outDir: string): Promise<BuildRecord | undefined> {
  const recordPath = getBuildRecordPath(dataDir, outDir);
  if (recordPath === undefined) return undefined;
  const text = await readFile(recordPath, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as BuildRecord;
    return record.v === BUILD_RECORD_VERSION && record.outDir === path.resolve(outDir) ? record : undefined;
  } catch {
    return undefined;
  }
}
