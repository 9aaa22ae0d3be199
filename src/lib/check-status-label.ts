import type { CheckStatus } from '../../core/model/index.ts';
import type { BrowserMessageKey } from '../i18n/browser.ts';
import { t } from '../i18n/browser.ts';

const CHECK_STATUS_KEYS = {
  up: 'browserCommon.checkUp',
  degraded: 'browserCommon.checkDegraded',
  down: 'browserCommon.checkDown',
  maintenance: 'browserCommon.checkMaintenance',
  unknown: 'browserCommon.checkUnknown',
} as const satisfies Record<CheckStatus, BrowserMessageKey>;

/** A single run's status in plain words ("Down"), where a component's would read "Major outage". */
export function describeCheckStatus(status: CheckStatus): string {
  return t(CHECK_STATUS_KEYS[status]);
}
