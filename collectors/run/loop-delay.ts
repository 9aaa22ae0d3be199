/**
 * Watches how late a short timer fires, which is how long this process's event loop was held up
 * (by synchronous work, a busy CPU, or a stalled thread pool callback). A latency measured across
 * such a hold-up includes Vigil's own work, so each attempt asks how long the loop stood still
 * while it ran.
 */
export interface LoopDelaySampler {
  /** The longest hold-up that overlapped [startMs, endMs] (performance.now() readings), in ms. */
  maxDelayBetween(startMs: number, endMs: number): number;
  /** The longest hold-up since the sampler started, in ms. */
  maxDelayMs(): number;
  stop(): void;
}

const INTERVAL_MS = 10;
/** Hold-ups shorter than this are timer jitter, not worth keeping. */
const NOTICE_MS = 2;
const KEPT_HOLD_UPS = 4096;

export function startLoopDelaySampler(): LoopDelaySampler {
  const holdUps: { endMs: number; delayMs: number }[] = [];
  let lastTickMs = performance.now();
  let maxMs = 0;
  const timer = setInterval(() => {
    const nowMs = performance.now();
    const delayMs = nowMs - lastTickMs - INTERVAL_MS;
    lastTickMs = nowMs;
    if (delayMs < NOTICE_MS) return;
    maxMs = Math.max(maxMs, delayMs);
    holdUps.push({ endMs: nowMs, delayMs });
    if (holdUps.length > KEPT_HOLD_UPS) holdUps.shift();
  }, INTERVAL_MS);
  timer.unref();
  // The hold-up still going on (the loop has not reached the timer since): it counts too.
  const ongoingMs = (atMs: number) => Math.max(0, atMs - lastTickMs - INTERVAL_MS);
  return {
    maxDelayBetween(startMs, endMs) {
      let worst = ongoingMs(endMs);
      for (const holdUp of holdUps) {
        if (holdUp.endMs >= startMs && holdUp.endMs - holdUp.delayMs <= endMs)
          worst = Math.max(worst, holdUp.delayMs);
      }
      return Math.round(worst);
    },
    maxDelayMs: () => Math.round(Math.max(maxMs, ongoingMs(performance.now()))),
    stop: () => clearInterval(timer),
  };
}
