/**
 * The signal of one probe attempt: aborted at its timeout (a TimeoutError, as AbortSignal.timeout
 * gives) or when any of `parents` aborts (the run's deadline, the coordinator's abort). One
 * controller and one timer, both released by `dispose`: AbortSignal.any over a run-long signal
 * keeps a record of every attempt it ever joined, which a run of 10,000 checks pays for.
 */
export function startAttemptSignal(
  timeoutMs: number,
  parents: readonly AbortSignal[],
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParentAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  // Like AbortSignal.timeout: a pending timeout never keeps the process alive.
  timer.unref();
  for (const parent of parents) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      for (const parent of parents) parent.removeEventListener('abort', onParentAbort);
    },
  };
}
