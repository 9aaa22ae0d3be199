import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCommitMessage } from '../../../../collectors/publish/commit-message.ts';
import type { Git, GitOutcome } from '../../../../collectors/publish/git-runner.ts';
import { pushWithRetry, summarizeGitMessage } from '../../../../collectors/publish/push-with-retry.ts';
import { mergeKeptText } from '../../../../collectors/publish/recover-interrupted-run.ts';
import { redactUrls } from '../../../../core/redact/redact.ts';

const result = (id: string, status: 'up' | 'degraded' | 'down' | 'maintenance') => ({
  id,
  status,
  ms: 1,
  message: '',
  metrics: {},
  detail: {},
});
const agent = { version: '0.1.0', host: 'h' };

describe('formatCommitMessage', () => {
  it('names the source, the run minute in UTC and the counts', () => {
    const line = {
      v: 1 as const,
      t: '2026-11-22T10:05:31.123Z',
      source: 'hpc-login',
      agent,
      results: [result('a', 'up'), result('b', 'up'), result('c', 'degraded')],
    };
    expect(formatCommitMessage('hpc-login', line)).toBe(
      'data(hpc-login): 2026-11-22T10:05Z — 2 up, 1 degraded, 0 down',
    );
    expect(formatCommitMessage('x', { ...line, results: [result('m', 'maintenance')] })).toBe(
      'data(x): 2026-11-22T10:05Z — 0 up, 0 degraded, 0 down, 1 maintenance',
    );
    expect(formatCommitMessage('x', undefined)).toBe('data(x): update');
  });
});

describe('mergeKeptText', () => {
  const snapshot = path.join('data', 'snapshots', 'east', '2026-11-22.jsonl');
  it('keeps committed snapshot lines and adds the lines appended to an older copy', () => {
    expect(mergeKeptText(snapshot, 'a\nb\nd\n', 'a\nb\nc\n')).toBe('a\nb\nc\nd\n');
    expect(mergeKeptText(snapshot, 'a\nb\n', 'a\nb\n')).toBe('a\nb\n');
  });
  it("takes the collector's copy of any other file", () => {
    expect(mergeKeptText(path.join('data', 'state', 'east.json'), '{"new":1}', '{"old":1}')).toBe(
      '{"new":1}',
    );
  });
});

/** A scripted Git: each command's outcome comes from `answer`, and every call is recorded. */
function scriptedGit(answer: (args: string[]) => GitOutcome): Git & { calls: string[] } {
  const calls: string[] = [];
  const tryRaw = async (args: string[]) => {
    calls.push(args[0] as string);
    return answer(args);
  };
  return {
    dir: '/repo',
    calls,
    tryRaw,
    raw: async (args) => {
      const outcome = await tryRaw(args);
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.output;
    },
  };
}

describe('pushWithRetry', () => {
  const rejected: GitOutcome = {
    ok: false,
    message: '!\tHEAD:refs/heads/main\t[rejected] (fetch first)\nerror: failed to push some refs',
  };
  const ok: GitOutcome = { ok: true, output: '' };

  it('fetches, rebases and waits a random, growing time between rejected pushes', async () => {
    let pushes = 0;
    const git = scriptedGit((args) => (args[0] === 'push' ? (++pushes < 4 ? rejected : ok) : ok));
    const waits: number[] = [];
    let rebases = 0;
    const outcome = await pushWithRetry(git, {
      remote: 'origin',
      branch: 'main',
      attempts: 5,
      integrate: async () => {
        rebases += 1;
        return { ok: true };
      },
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 1,
    });
    expect(outcome).toEqual({ status: 'pushed', attempts: 4 });
    expect(rebases).toBe(3);
    expect(waits).toEqual([400, 800]);
  });

  it('stops at once when the remote is unreachable, and after the last attempt when still rejected', async () => {
    const offline = scriptedGit(() => ({
      ok: false,
      message: "fatal: '/srv/remote.git' does not appear to be a git repository",
    }));
    const unreachable = await pushWithRetry(offline, {
      remote: 'origin',
      branch: 'main',
      attempts: 5,
      integrate: async () => ({ ok: true }),
      sleep: async () => {},
    });
    expect(unreachable).toMatchObject({
      status: 'unreachable',
      attempts: 1,
      reason: "'/srv/remote.git' does not appear to be a git repository",
    });

    const busy = scriptedGit((args) => (args[0] === 'push' ? rejected : ok));
    const gaveUp = await pushWithRetry(busy, {
      remote: 'origin',
      branch: 'main',
      attempts: 3,
      integrate: async () => ({ ok: true }),
      sleep: async () => {},
    });
    expect(gaveUp).toMatchObject({ status: 'rejected', attempts: 3 });
    expect(busy.calls.filter((c) => c === 'push')).toHaveLength(3);
  });

  it('tries again when the fetch after a rejected push fails once (the remote answered, so it is reachable)', async () => {
    let fetches = 0;
    let pushes = 0;
    const git = scriptedGit((args) => {
      if (args[0] === 'push') return ++pushes < 3 ? rejected : ok;
      if (args[0] === 'fetch' && ++fetches === 1)
        return {
          ok: false,
          message: 'fatal: bad object refs/heads/main\nerror: origin did not send all necessary objects',
        };
      return ok;
    });
    const outcome = await pushWithRetry(git, {
      remote: 'origin',
      branch: 'main',
      attempts: 5,
      integrate: async () => ({ ok: true }),
      sleep: async () => {},
    });
    expect(outcome).toEqual({ status: 'pushed', attempts: 3 });
    expect(fetches).toBe(2);
  });

  it('reports a rebase conflict without pushing again', async () => {
    const git = scriptedGit((args) => (args[0] === 'push' ? rejected : ok));
    const outcome = await pushWithRetry(git, {
      remote: 'origin',
      branch: 'main',
      attempts: 5,
      integrate: async () => ({ ok: false, conflict: 'CONFLICT (content)' }),
      sleep: async () => {},
    });
    expect(outcome).toEqual({ status: 'conflict', attempts: 1, reason: 'CONFLICT (content)' });
  });
});

describe('git messages in logs', () => {
  it('keep the telling line and mask credentials in remote URLs', () => {
    expect(
      summarizeGitMessage(
        "fatal: unable to access 'https://x-access-token:ghs_secret@github.com/o/r.git/': Could not resolve host",
      ),
    ).toBe("unable to access 'https://x-access-token:***@github.com/o/r.git/': Could not resolve host");
    expect(redactUrls('ssh://git@host/repo and https://tok@h/x')).toBe(
      'ssh://***@host/repo and https://***@h/x',
    );
  });
});
