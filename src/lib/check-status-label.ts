import type { CheckStatus } from '../../core/model/index.ts';

const CHECK_STATUS_WORDS = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  maintenance: 'Maintenance',
  unknown: 'Unknown',
} as const satisfies Record<CheckStatus, string>;

/** A single run's status in plain words ("Down"), where a component's would read "Major outage". */
export function describeCheckStatus(status: CheckStatus): string {
  return CHECK_STATUS_WORDS[status];
}
