import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { CheckStatus } from '../../core/model/index.ts';
import { generateSnapshotLines, writeSnapshotFixtures } from './generate-snapshots.ts';

// The data of the fixture sites in test/fixtures/sites/<name>/, written relative to the clock so no
// dated files are committed. Each site has the same five checks: web, api (group core), db, queue
// (group infra) and backup (no group).

export const SITE_FIXTURES = ['all-up', 'partial-outage', 'stale', 'empty', 'maintenance'] as const;
export type SiteFixtureName = (typeof SITE_FIXTURES)[number];

const CHECK_IDS = ['web', 'api', 'db', 'queue', 'backup'];
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5 * MINUTE_MS;

export function getSiteFixtureConfigPath(name: SiteFixtureName): string {
  return fileURLToPath(new URL(`../fixtures/sites/${name}/status.config.yaml`, import.meta.url));
}

/** Slugs of the incidents the scenarios write, for tests that follow their links. */
export function getScenarioSlugs(nowMs: number) {
  return {
    websiteOutage: `${toDay(getWebsiteOutageStartMs(nowMs))}-website-outage`,
    queueDown: `${toDay(nowMs)}-job-queue-down`,
    infraMaintenance: `${toDay(nowMs)}-infrastructure-upgrade`,
  };
}

/** Writes data/ for one fixture site as it would look at nowMs. */
export async function writeSiteFixtureData(
  name: SiteFixtureName,
  dataDir: string,
  nowMs: number,
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const runsUntil = (fromMs: number, toMs: number, statusAt?: (id: string, t: number) => CheckStatus) =>
    writeSnapshotFixtures(
      dataDir,
      generateSnapshotLines({
        source: 'main',
        checkIds: CHECK_IDS,
        from: new Date(Math.floor(fromMs / INTERVAL_MS) * INTERVAL_MS),
        to: new Date(toMs),
        intervalMs: INTERVAL_MS,
        ...(statusAt === undefined ? {} : { statusAt }),
      }),
    );
  const slugs = getScenarioSlugs(nowMs);
  switch (name) {
    case 'all-up':
      await runsUntil(nowMs - 10 * DAY_MS, nowMs);
      return;
    case 'partial-outage': {
      const outageFromMs = getWebsiteOutageStartMs(nowMs);
      const outageToMs = outageFromMs + 2 * HOUR_MS;
      const queueDownFromMs = nowMs - 40 * MINUTE_MS;
      await runsUntil(nowMs - 10 * DAY_MS, nowMs, (id, t) => {
        if (id === 'web' && t >= outageFromMs && t < outageToMs) return 'down';
        if (id === 'queue' && t >= queueDownFromMs) return 'down';
        return 'up';
      });
      await writeIncident(dataDir, slugs.websiteOutage, {
        title: 'Website unreachable',
        impact: 'major',
        status: 'resolved',
        affected: ['web'],
        start: toIso(outageFromMs),
        end: toIso(outageToMs),
        updates: [
          { at: toIso(outageFromMs + 10 * MINUTE_MS), status: 'investigating', text: 'The website is down.' },
          { at: toIso(outageToMs), status: 'resolved', text: 'A failed disk was replaced.' },
        ],
      });
      await writeIncident(dataDir, slugs.queueDown, {
        title: 'Job queue down',
        impact: 'major',
        status: 'identified',
        affected: ['queue'],
        start: toIso(queueDownFromMs),
        updates: [{ at: toIso(nowMs - 20 * MINUTE_MS), status: 'identified', text: 'The broker crashed.' }],
      });
      return;
    }
    case 'stale':
      await runsUntil(nowMs - 3 * DAY_MS, nowMs - 3 * HOUR_MS);
      return;
    case 'empty':
      return;
    case 'maintenance': {
      const maintenanceFromMs = nowMs - 30 * MINUTE_MS;
      await runsUntil(nowMs - 2 * DAY_MS, nowMs, (id, t) =>
        id === 'db' && t >= maintenanceFromMs ? 'down' : 'up',
      );
      await writeIncident(dataDir, slugs.infraMaintenance, {
        title: 'Infrastructure upgrade',
        kind: 'maintenance',
        impact: 'none',
        status: 'in-progress',
        affected: ['infra'],
        start: toIso(maintenanceFromMs),
        end: toIso(nowMs + 90 * MINUTE_MS),
        updates: [{ at: toIso(nowMs - DAY_MS), status: 'scheduled', text: 'Database and queue upgrade.' }],
      });
      await writeIncident(dataDir, `${toDay(nowMs + DAY_MS)}-website-restart`, {
        title: 'Website restart',
        kind: 'maintenance',
        impact: 'none',
        status: 'scheduled',
        affected: ['web'],
        start: toIso(nowMs + DAY_MS),
        end: toIso(nowMs + DAY_MS + HOUR_MS),
        updates: [{ at: toIso(nowMs - HOUR_MS), status: 'scheduled', text: 'A short restart.' }],
      });
      return;
    }
  }
}

// Three UTC days back at 10:00, so the outage lies inside one day whatever the hour the test runs.
function getWebsiteOutageStartMs(nowMs: number): number {
  return nowMs - (nowMs % DAY_MS) - 3 * DAY_MS + 10 * HOUR_MS;
}

async function writeIncident(dataDir: string, slug: string, frontmatter: object): Promise<void> {
  await mkdir(path.join(dataDir, 'incidents'), { recursive: true });
  await writeFile(
    path.join(dataDir, 'incidents', `${slug}.md`),
    `---\n${stringify(frontmatter)}---\nWhat happened, for the people who use it.\n`,
  );
}

function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function toDay(epochMs: number): string {
  return toIso(epochMs).slice(0, 10);
}
