import { describe, expect, it } from 'vitest';
import {
  parseCommit,
  parseHistoryFile,
  readUpptimeTimeline,
} from '../../../../collectors/import/upptime-git-log.ts';
import type { CommandOutcome, CommandRunner } from '../../../../collectors/transport/run-command.ts';

// Shaped like `git log -p -U1000 --format=%x01commit %H %cI` over an Upptime repository's history/*.yml.
const COMMIT = `\u0001commit 1111111111111111111111111111111111111111 2026-11-02T02:00:07+00:00

diff --git a/history/main-website.yml b/history/main-website.yml
index 1f2e3d4..5a6b7c8 100644
--- a/history/main-website.yml
+++ b/history/main-website.yml
@@ -1,7 +1,7 @@
 url: https://www.example.org
-status: up
-code: 200
-responseTime: 120
-lastUpdated: 2026-11-01T23:00:03.000Z
+status: degraded
+code: 200
+responseTime: 2400
+lastUpdated: 2026-11-02T02:00:05.000Z
 startTime: 2026-10-15T09:00:00.000Z
 generator: Upptime <https://github.com/upptime/upptime>
diff --git a/history/old-site.yml b/history/old-site.yml
deleted file mode 100644
index 1f2e3d4..0000000
--- a/history/old-site.yml
+++ /dev/null
@@ -1,3 +0,0 @@
-url: https://old.example.org
-status: up
-code: 200
`;

const outcome =
  (stdout: string, extra: Partial<CommandOutcome> = {}): CommandRunner =>
  async () => ({
    exitCode: 0,
    stdout,
    stderr: '',
    durationMs: 1,
    isTruncated: false,
    timedOut: false,
    ...extra,
  });
const options = (run: CommandRunner) => ({
  repoDir: '/repo',
  sinceMs: 0,
  run,
  signal: AbortSignal.timeout(1000),
  maxOutputBytes: 1024,
});

describe('parseCommit', () => {
  it('rebuilds each written file from its whole-file hunk; a deleted one says nothing', () => {
    expect(parseCommit(COMMIT.slice('\u0001commit '.length))).toEqual([
      [
        'main-website',
        { t: Date.parse('2026-11-02T02:00:05.000Z'), status: 'degraded', code: 200, responseTimeMs: 2400 },
      ],
    ]);
  });
});

describe('parseHistoryFile', () => {
  it.each([
    [
      ['- url: x', '- status: down', '- code: 0', '- responseTime: 0'],
      { t: 5, status: 'down', code: 0, responseTimeMs: 0 },
    ],
    [['status: up', 'lastUpdated: not a date'], { t: 5, status: 'up', code: 0, responseTimeMs: 0 }],
    [['status: maybe'], undefined],
    [['garbage', ': :', ''], undefined],
  ])('%o', (lines, record) => {
    expect(parseHistoryFile(lines, 5)).toEqual(record);
  });
});

describe('readUpptimeTimeline', () => {
  it('drops the cut commit of a truncated output and says the output was cut', async () => {
    const cut = `${COMMIT}\u0001commit 2222222222222222222222222222222222222222 2026-11-01T23:00:03+00:00\n\ndiff --git a/history/main-website.yml b/history/main-website.yml\n+++ b/history/main-website.yml\n@@ -1,7 +1,7 @@\n+status: do`;
    const timeline = await readUpptimeTimeline(options(outcome(cut, { isTruncated: true })));
    expect(timeline.isTruncated).toBe(true);
    expect(timeline.bySlug.get('main-website')?.map((record) => record.status)).toEqual(['degraded']);
  });

  it("fails with git's own words when git fails", async () => {
    const failing = outcome('', {
      exitCode: 128,
      stderr: "fatal: cannot change to '/repo': No such file or directory\n",
    });
    await expect(readUpptimeTimeline(options(failing))).rejects.toThrow(
      "git log in /repo failed: fatal: cannot change to '/repo': No such file or directory",
    );
    const missing = outcome('', { exitCode: null, failure: 'command not found: git' });
    await expect(readUpptimeTimeline(options(missing))).rejects.toThrow('failed: command not found: git');
  });
});
