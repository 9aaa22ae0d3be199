// The full publishing reliability figure from issue 7: 4 collectors × 50 concurrent collect+publish
// cycles against one bare remote. `npm test` runs the same test at 4 × 10; here it runs at 50 and
// prints how long it took next to the 10-cycle run of the same session, as a ratio.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TEST_FILE = fileURLToPath(
  new URL('../integration/collectors/publish/publish-reliability.test.ts', import.meta.url),
);
const VITEST_BIN = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

/** Runs the concurrent-cycles test at one figure; returns wall time and whether it passed. */
async function runCycles(cycles: number): Promise<{ wallMs: number; passed: boolean }> {
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [VITEST_BIN, 'run', TEST_FILE, '-t', 'concurrent collect\\+publish'],
    {
      env: { ...process.env, VIGIL_PUBLISH_CYCLES: String(cycles) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { wallMs: performance.now() - startedAt, passed: code === 0 };
}

export async function runPublishReliabilityBench(): Promise<void> {
  const short = await runCycles(10);
  const full = await runCycles(50);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `4 collectors × 10 cycles: ${short.passed ? 'every snapshot arrived' : 'FAILED'}, ${s(short.wallMs)}`,
  );
  console.log(
    `4 collectors × 50 cycles: ${full.passed ? 'every snapshot arrived' : 'FAILED'}, ${s(full.wallMs)} (${(full.wallMs / short.wallMs).toFixed(1)}× the 10-cycle run)`,
  );
}
