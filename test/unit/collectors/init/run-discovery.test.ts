import { describe, expect, it } from 'vitest';
import type { Discoverer, Finding } from '../../../../collectors/init/finding.ts';
import { mergeDiscoveries, runDiscovery } from '../../../../collectors/init/run-discovery.ts';

const finding = (key: string, covers?: string[]): Finding => ({
  key,
  group: 'services',
  label: key,
  check: { id: key, type: 'tcp', host: '127.0.0.1', port: 1 },
  ...(covers ? { covers } : {}),
});

describe('runDiscovery', () => {
  it('a discoverer that never answers costs only its own findings, and the rest arrive by the deadline', async () => {
    const hangs: Discoverer = { name: 'hangs', discover: () => new Promise(() => {}) };
    const throws: Discoverer = {
      name: 'throws',
      discover: async () => {
        throw new Error('socket closed');
      },
    };
    const answers: Discoverer = {
      name: 'answers',
      discover: async () => ({ findings: [finding('a')], leftOut: [] }),
    };
    const report = await runDiscovery([hangs, throws, answers], { timeoutMs: 200 });
    expect(report.findings.map((item) => item.key)).toEqual(['a']);
    expect(report.leftOut).toEqual([
      { label: 'hangs', reason: 'no answer within 0.2 s' },
      { label: 'throws', reason: 'failed: socket closed' },
    ]);
  });

  it("aborts the discoverer's signal at its deadline, and it may still return what it has", async () => {
    const partial: Discoverer = {
      name: 'partial',
      discover: (context) =>
        new Promise((resolve) =>
          context.signal.addEventListener('abort', () =>
            resolve({ findings: [finding('early')], leftOut: [] }),
          ),
        ),
    };
    const report = await runDiscovery([partial], { timeoutMs: 100 });
    expect(report.findings.map((item) => item.key)).toEqual(['early']);
  });

  it('runs programs through the context with their own deadline, killed when it passes', async () => {
    const sleeper: Discoverer = {
      name: 'sleeper',
      discover: async (context) => {
        const outcome = await context.run(['sleep', '30'], 200);
        return { findings: [], leftOut: [{ label: 'sleep', reason: String(outcome.timedOut) }] };
      },
    };
    const report = await runDiscovery([sleeper], { timeoutMs: 5_000 });
    expect(report.leftOut).toEqual([{ label: 'sleep', reason: 'true' }]);
  });
});

describe('mergeDiscoveries', () => {
  it('keeps the first finding of a key and drops what another covers', () => {
    const merged = mergeDiscoveries([
      { findings: [finding('listen:6379'), finding('systemd:nginx.service')], leftOut: [] },
      { findings: [finding('listen:6379'), finding('listen:80', ['systemd:nginx.service'])], leftOut: [] },
    ]);
    expect(merged.findings.map((item) => item.key)).toEqual(['listen:6379', 'listen:80']);
  });
});
