import type { SnapshotLine } from '../../core/model/index.ts';

/**
 * Snapshot lines as the site may publish them. Unless `site.showCollectorAddress` is true, the
 * collector's hostname and IP address (the run's `agent`, a host check's `detail.hostname`) are
 * blanked as the data is read, so no page, API document, feed or metric can carry them; the stored
 * data keeps them for the operators.
 */
export function hideCollectorAddresses(lines: SnapshotLine[], isShown: boolean): SnapshotLine[] {
  if (isShown) return lines;
  return lines.map((line) => ({
    ...line,
    agent: { version: line.agent.version, host: '' },
    results: line.results.map((result) =>
      typeof result.detail?.hostname === 'string'
        ? { ...result, detail: { ...result.detail, hostname: '' } }
        : result,
    ),
  }));
}
