import { runCommand } from '../transport/run-command.ts';
import type { DiscoverContext, Discoverer, Finding, LeftOut } from './finding.ts';

/** Variables the programs init asks need to find their service (the rest of the environment stays out). */
const PASSED_ENV = ['DOCKER_HOST', 'SLURM_*', 'PBS_*', 'CUDA_VISIBLE_DEVICES', 'XDG_RUNTIME_DIR', 'DBUS_*'];

export interface DiscoveryOptions {
  /** Each discoverer's time; when it is up, what it has not answered is left out. Default 10 s. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  procRoot?: string;
  /** Called as each discoverer ends, for progress output. */
  onDone?: (name: string, outcome: { findings: number; timedOut: boolean }) => void;
}

export interface DiscoveryReport {
  findings: Finding[];
  leftOut: LeftOut[];
}

/**
 * Runs every discoverer at once, each with its own deadline, and merges what they found: the first
 * finding of a key wins (discoverers come in order of preference), and findings another one covers
 * are dropped. A discoverer that throws or outlasts its deadline costs only its own findings.
 */
export async function runDiscovery(
  discoverers: readonly Discoverer[],
  options: DiscoveryOptions = {},
): Promise<DiscoveryReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const outcomes = await Promise.all(
    discoverers.map(async (discoverer) => {
      const controller = new AbortController();
      const context: DiscoverContext = {
        signal: controller.signal,
        env: options.env ?? process.env,
        procRoot: options.procRoot ?? '/proc',
        run: (argv, runTimeoutMs) =>
          runCommand({
            argv,
            signal: AbortSignal.any([controller.signal, AbortSignal.timeout(runTimeoutMs)]),
            passEnv: PASSED_ENV,
            maxOutputBytes: 4 * 1024 * 1024,
          }),
      };
      let timer: NodeJS.Timeout | undefined;
      // A moment past the abort, for the discoverer to return what it has.
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new Error(`${discoverer.name}: no answer within ${timeoutMs / 1000} s`));
          timer = setTimeout(() => resolve('late'), 1_000);
        }, timeoutMs);
      });
      try {
        const discovery = await Promise.race([discoverer.discover(context), late]);
        if (discovery === 'late') {
          options.onDone?.(discoverer.name, { findings: 0, timedOut: true });
          return {
            findings: [],
            leftOut: [{ label: discoverer.name, reason: `no answer within ${timeoutMs / 1000} s` }],
          };
        }
        options.onDone?.(discoverer.name, { findings: discovery.findings.length, timedOut: false });
        return discovery;
      } catch (error) {
        options.onDone?.(discoverer.name, { findings: 0, timedOut: false });
        const reason = error instanceof Error ? error.message : String(error);
        return { findings: [], leftOut: [{ label: discoverer.name, reason: `failed: ${reason}` }] };
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    }),
  );
  return mergeDiscoveries(outcomes);
}

/** One finding per key, the first kept; findings a kept finding covers dropped; left-outs in order. */
export function mergeDiscoveries(discoveries: readonly DiscoveryReport[]): DiscoveryReport {
  const byKey = new Map<string, Finding>();
  for (const finding of discoveries.flatMap((discovery) => discovery.findings)) {
    if (!byKey.has(finding.key)) byKey.set(finding.key, finding);
  }
  const covered = new Set([...byKey.values()].flatMap((finding) => finding.covers ?? []));
  const findings = [...byKey.values()].filter((finding) => !covered.has(finding.key));
  return { findings, leftOut: discoveries.flatMap((discovery) => discovery.leftOut) };
}
