import type { ProbeStatus } from '../../../core/model/index.ts';
import type { SystemdDetail, SystemdMetrics } from '../../../core/results/systemd.ts';

/** The properties a systemd check asks `systemctl show` for. */
export const UNIT_PROPERTIES = [
  'Id',
  'Description',
  'LoadState',
  'LoadError',
  'ActiveState',
  'SubState',
  'UnitFileState',
  'Result',
  'MainPID',
  'NRestarts',
  'ExecMainStartTimestamp',
] as const;

/** `systemctl show` output: one `Key=value` per line; the value may itself contain `=`. */
export function parseSystemctlShow(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of text.split('\n')) {
    const equalsAt = line.indexOf('=');
    if (equalsAt > 0) properties.set(line.slice(0, equalsAt), line.slice(equalsAt + 1).trimEnd());
  }
  return properties;
}

export interface UnitJudgement {
  status: ProbeStatus;
  message: string;
  metrics: SystemdMetrics;
  detail: SystemdDetail;
}

// ActiveState values (systemd.unit(5), org.freedesktop.systemd1(5)) that are on the way somewhere.
const TRANSITIONAL = new Set(['activating', 'deactivating', 'reloading', 'refreshing', 'maintenance']);

/**
 * Judges a unit from its properties: active is up, a unit on its way (activating, reloading,
 * auto-restart) is degraded, failed or inactive is down, and a unit systemd cannot find or load is
 * down with that reason. `now` turns ExecMainStartTimestamp (printed in UTC) into an uptime.
 */
export function judgeUnit(properties: Map<string, string>, requestedUnit: string, now: Date): UnitJudgement {
  const get = (key: string) => properties.get(key) ?? '';
  const unit = get('Id') || requestedUnit;
  const loadState = get('LoadState');
  const activeState = get('ActiveState');
  const subState = get('SubState');
  const detail: SystemdDetail = {};
  for (const [key, name] of [
    ['Description', 'description'],
    ['LoadState', 'loadState'],
    ['ActiveState', 'activeState'],
    ['SubState', 'subState'],
    ['UnitFileState', 'unitFileState'],
    ['Result', 'result'],
  ] as const) {
    if (get(key) !== '') detail[name] = get(key);
  }
  const metrics: SystemdMetrics = {};
  const restarts = Number(get('NRestarts'));
  if (get('NRestarts') !== '' && Number.isFinite(restarts)) metrics.restarts = restarts;
  const mainPid = Number(get('MainPID'));
  if (mainPid > 0) detail.mainPid = mainPid;

  if (loadState === 'not-found')
    return { status: 'down', message: `unit ${unit} not found`, metrics, detail };
  if (loadState === 'masked') return { status: 'down', message: `unit ${unit} is masked`, metrics, detail };
  if (loadState !== 'loaded' && loadState !== '') {
    const reason = describeLoadError(get('LoadError'));
    return {
      status: 'down',
      message: `unit ${unit} could not be loaded (${loadState})${reason}`,
      metrics,
      detail,
    };
  }
  const state = subState === '' ? activeState : `${activeState} (${subState})`;
  const restartText = metrics.restarts === undefined ? '' : `, ${metrics.restarts} restarts`;
  if (activeState === 'active') {
    const startedAt = parseSystemdTimestamp(get('ExecMainStartTimestamp'));
    if (startedAt !== undefined) {
      metrics.uptimeSeconds = Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000));
      detail.since = startedAt.toISOString();
    }
    const since = startedAt === undefined ? '' : ` since ${startedAt.toISOString()}`;
    return { status: 'up', message: `${unit} ${state}${since}${restartText}`, metrics, detail };
  }
  if (TRANSITIONAL.has(activeState)) {
    const why = subState === 'auto-restart' ? '; restarting after a failure' : '';
    return { status: 'degraded', message: `${unit} ${state}${why}${restartText}`, metrics, detail };
  }
  const result = get('Result') !== '' && get('Result') !== 'success' ? ` (result: ${get('Result')})` : '';
  return {
    status: 'down',
    message: `${unit} ${state || 'in an unknown state'}${result}${restartText}`,
    metrics,
    detail,
  };
}

/** `Mon 2024-05-13 08:01:12 UTC` (systemctl's format with TZ=UTC); empty or `n/a` means never. */
export function parseSystemdTimestamp(text: string): Date | undefined {
  const match = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(text.trim());
  if (match === null) return undefined;
  const date = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** LoadError is `org.freedesktop.DBus.Error.X "Text."`: the quoted text is what people read. */
function describeLoadError(loadError: string): string {
  const text = /"(.*)"/.exec(loadError)?.[1];
  return text === undefined || text === '' ? '' : `: ${text}`;
}
