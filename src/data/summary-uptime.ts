import type { UptimeByWindow } from './component-status.ts';
import type { DailyCell } from './daily-bars.ts';
import type { VigilSummaryComponent } from './vigil-summary-extension.ts';

/**
 * A component's or a service's uptime windows and today's bar cell as summary.json gives them, which
 * live refresh reads the same way for both.
 */
export function toSummaryUptime(subject: {
  uptime: UptimeByWindow;
  dailyCells: readonly DailyCell[];
}): Pick<VigilSummaryComponent, 'uptime' | 'uptime_durations_ms' | 'today'> {
  const { uptime } = subject;
  const today = subject.dailyCells.at(-1);
  const durations = (key: keyof UptimeByWindow) => ({
    down: uptime[key].durationsMs.down,
    degraded: uptime[key].durationsMs.degraded,
  });
  return {
    uptime: { '24h': uptime['24h'].ratio, '7d': uptime['7d'].ratio, '30d': uptime['30d'].ratio },
    uptime_durations_ms: { '24h': durations('24h'), '7d': durations('7d'), '30d': durations('30d') },
    today:
      today === undefined
        ? null
        : {
            day: today.day,
            status: today.status,
            ratio: today.ratio,
            down_ms: today.downMs,
            degraded_ms: today.degradedMs,
            maintenance_ms: today.maintenanceMs,
          },
  };
}
