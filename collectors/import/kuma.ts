// `vigil import kuma`: an Uptime Kuma backup (Settings → Backup → Export: {"version",
// "notificationList", "monitorList"}) as Vigil checks. The backup holds plain passwords and tokens;
// none of them is ever written: each becomes a ${VAR}.
import { type Document, LineCounter, parseDocument } from 'yaml';
import { isRecord } from '../../core/is-record.ts';
import { createIdAllocator, keepLiteral, quoted, toVigilDuration } from './import-helpers.ts';
import { type Importer, ImportInputError, type ImportResult } from './import-types.ts';
import { findJsonErrorOffset } from './json-error-offset.ts';
import { type Fields, type MonitorContext, mapKumaMonitor } from './kuma-monitor.ts';

/** Above this size the report names monitors by index only (finding lines means parsing the text twice). */
const MAX_LOCATED_BYTES = 8 * 1024 * 1024;

export const importKuma: Importer = (text, file) => {
  const root = parseJson(text, file);
  if (!isRecord(root) || !Array.isArray(root.monitorList))
    throw new ImportInputError(
      `${file}:1: expected an Uptime Kuma backup, a JSON object with "monitorList" (Settings → Backup → Export), got ${describe(root, isRecord(root) ? 'monitorList' : undefined)}`,
    );
  const lineOf = locateLines(text);
  const monitors = root.monitorList;
  const result: ImportResult = { groups: [], checks: [], origins: [], notMapped: [], secrets: [] };
  const whereOf = (index: number, monitor: unknown) => {
    const name = isRecord(monitor) && monitor.name !== undefined ? ` ${quoted(monitor.name)}` : '';
    const line = lineOf(['monitorList', index]);
    return `monitorList[${index}]${name}${line === undefined ? '' : ` (line ${line})`}`;
  };

  // Group monitors become groups (flat: a nested group is a group of its own, named by its path).
  const groupOfMonitor = new Map<unknown, string>();
  const allocateGroup = createIdAllocator();
  for (const monitor of monitors) {
    if (!isRecord(monitor) || monitor.type !== 'group') continue;
    const name = String(monitor.pathName || monitor.name || 'group');
    const id = allocateGroup(name, 'group');
    groupOfMonitor.set(monitor.id, id);
    result.groups.push({ id, name: keepLiteral(name) });
  }
  const allocateId = createIdAllocator(result.groups.map((group) => group.id));
  let tagged = 0;

  monitors.forEach((monitor, index) => {
    const where = whereOf(index, monitor);
    if (!isRecord(monitor)) {
      result.notMapped.push({
        where,
        what: 'monitor',
        reason: `expected a monitor object, got ${describe(monitor)}`,
      });
      return;
    }
    if (monitor.type === 'group') return;
    const what = String(monitor.name ?? monitor.type);
    if (monitor.upsideDown === true || monitor.upsideDown === 1) {
      result.notMapped.push({
        where,
        what,
        reason:
          'upside-down mode (up while the target fails) has no Vigil equivalent; writing it would invert what it means',
      });
      return;
    }
    const id = allocateId(String(monitor.name ?? ''), String(monitor.type ?? 'monitor'));
    const context: MonitorContext = { id, where, secrets: [], notes: [] };
    const mapping = mapKumaMonitor(monitor, context);
    if ('reason' in mapping) {
      result.notMapped.push({ where, what, reason: mapping.reason });
      return;
    }
    result.secrets.push(...context.secrets);
    for (const note of context.notes) result.notMapped.push({ where, what, reason: note });
    if (Array.isArray(monitor.tags) && monitor.tags.length > 0) tagged += 1;
    // The type's own fields win over the ones every monitor has.
    const check: Fields = { id, ...mapping.fields };
    for (const [key, value] of Object.entries(common(monitor, groupOfMonitor, mapping.fields)))
      if (!(key in check)) check[key] = value;
    result.checks.push(check);
    result.origins?.push(where);
  });

  if (tagged > 0)
    result.notMapped.push({
      where: 'monitorList',
      what: 'tags',
      reason: `tags on ${tagged} monitor${tagged === 1 ? '' : 's'} not carried over: Vigil shows checks by group, not by tag`,
    });
  const notifications = Array.isArray(root.notificationList) ? root.notificationList : [];
  notifications.forEach((notification, index) => {
    const name = isRecord(notification) ? notification.name : undefined;
    const line = lineOf(['notificationList', index]);
    result.notMapped.push({
      where: `notificationList[${index}]${name === undefined ? '' : ` ${quoted(name)}`}${line === undefined ? '' : ` (line ${line})`}`,
      what: String(name ?? 'notification'),
      reason:
        'notifications are alert providers in alerts.providers (docs/notifications.md), their secrets as ${VAR}; its settings are not copied, since they hold its credentials',
    });
  });
  if (Array.isArray(root.proxyList) && root.proxyList.length > 0)
    result.notMapped.push({
      where: 'proxyList',
      what: 'proxies',
      reason:
        'Vigil checks use no HTTP proxies; run a collector inside that network instead (docs/multi-place.md)',
    });
  return result;
};

/** What every check takes from its monitor: name, group, interval, timeout, failures before down. */
function common(monitor: Fields, groupOfMonitor: Map<unknown, string>, fields: Fields): Fields {
  const check: Fields = {};
  if (typeof monitor.name === 'string' && monitor.name !== '') check.name = keepLiteral(monitor.name);
  if (typeof monitor.description === 'string' && monitor.description !== '')
    check.description = keepLiteral(monitor.description);
  const group = groupOfMonitor.get(monitor.parent);
  if (group !== undefined) check.group = group;
  if (monitor.active === false || monitor.active === 0) check.enabled = false;
  const intervalS = Number(monitor.interval);
  // A push monitor's interval is how often its job reports: it is the heartbeat's `every`, not a run interval.
  if (fields.type !== 'heartbeat' && Number.isFinite(intervalS) && intervalS >= 1)
    check.interval = toVigilDuration(Math.round(intervalS) * 1000);
  const timeoutS = Number(monitor.timeout);
  if (fields.type !== 'heartbeat' && Number.isFinite(timeoutS) && timeoutS > 0)
    check.timeout = toVigilDuration(Math.round(timeoutS * 1000));
  // Kuma tries once per beat and marks a monitor down after maxretries failed retries, each a beat of
  // its own: one attempt a run (retries: 0) and maxretries + 1 failed runs in a row are the same rule,
  // and its timeout (0.8 × interval by default) still fits the interval.
  const retries = Number(monitor.maxretries);
  if (fields.type !== 'heartbeat' && Number.isInteger(retries) && retries >= 0) {
    check.retries = 0;
    check.failuresBeforeDown = Math.min(retries + 1, 100);
  }
  return check;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not V8's message: it quotes the text around the mistake, which in a backup may be a password.
    const line = text.slice(0, findJsonErrorOffset(text)).split('\n').length;
    return fail(
      `${file}:${line}: not valid JSON; an Uptime Kuma backup is the JSON file Settings → Backup → Export downloads`,
    );
  }
}

function fail(message: string): never {
  throw new ImportInputError(message);
}

/** Lines of the backup's entries, read from the same text as YAML (JSON is YAML), for the report. */
function locateLines(text: string): (path: (string | number)[]) => number | undefined {
  if (text.length > MAX_LOCATED_BYTES) return () => undefined;
  const lineCounter = new LineCounter();
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter, uniqueKeys: false });
  } catch {
    return () => undefined;
  }
  if (document.errors.length > 0) return () => undefined;
  return (path) => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
}

function describe(value: unknown, missing?: string): string {
  if (missing !== undefined) return `an object without "${missing}"`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}
