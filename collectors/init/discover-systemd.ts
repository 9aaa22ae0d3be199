import { countNoun } from '../../core/count-noun.ts';
import { firstLineOf, isCommandMissing, toCheckId } from './discover-helpers.ts';
import type { DiscoverContext, Discoverer, Discovery, Finding, LeftOut } from './finding.ts';

export const SYSTEMCTL_LIST_ARGV = [
  'systemctl',
  'list-units',
  '--type=service',
  '--state=active',
  '--no-legend',
  '--plain',
  '--no-pager',
] as const;

const SYSTEMCTL_TIMEOUT_MS = 5000;

/**
 * The operating system's own services: they run on every machine, and a person watching their
 * services does not want 20 cards of them. Exact names, or prefixes ending in "*" (templates "@").
 * - systemd-*: journald, logind, udevd, resolved, timesyncd, networkd…
 * - dbus, getty, user sessions, polkit: the session and login plumbing
 * - accounts-daemon, udisks2, upower, rtkit-daemon, packagekit, ModemManager, wpa_supplicant:
 *   desktop and hardware helpers started on demand
 * - unattended-upgrades, irqbalance, multipathd, snapd: what a stock Debian/Ubuntu server runs for itself
 */
export const PLUMBING_UNITS = [
  'systemd-*',
  'dbus.service',
  'dbus-broker.service',
  'getty@*',
  'serial-getty@*',
  'console-getty.service',
  'user@*',
  'user-runtime-dir@*',
  'polkit.service',
  'accounts-daemon.service',
  'udisks2.service',
  'upower.service',
  'rtkit-daemon.service',
  'packagekit.service',
  'ModemManager.service',
  'wpa_supplicant.service',
  'unattended-upgrades.service',
  'irqbalance.service',
  'multipathd.service',
  'snapd.service',
] as const;

export interface ListedUnit {
  unit: string;
  load: string;
  active: string;
  /** "running" for a daemon; "exited" for a one-shot that ran and stays active. */
  sub: string;
  description: string;
}

/**
 * Parses `systemctl list-units --no-legend --plain`: UNIT LOAD ACTIVE SUB DESCRIPTION per line.
 * Tolerant of what other systemd versions add: a "●" bullet (failed units, versions that ignore
 * --plain), a header or the "N loaded units listed." footer (versions before --no-legend took them out).
 */
export function parseListUnits(text: string): ListedUnit[] {
  const units: ListedUnit[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[\s●*×]+/u, '');
    const [unit, load, active, sub, ...description] = line.split(/\s+/);
    if (unit === undefined || sub === undefined || !/^[^\s/]+\.[a-z]+$/.test(unit)) continue;
    if (load === undefined || active === undefined) continue;
    units.push({ unit, load, active, sub, description: description.join(' ').trim() });
  }
  return units;
}

export function isPlumbingUnit(unit: string): boolean {
  return PLUMBING_UNITS.some((pattern) =>
    pattern.endsWith('*') ? unit.startsWith(pattern.slice(0, -1)) : unit === pattern,
  );
}

/** One systemd check per running service that is not the OS's own; the rest summarised in a line each. */
export function makeSystemdDiscovery(units: readonly ListedUnit[]): Discovery {
  const findings: Finding[] = [];
  const plumbing: string[] = [];
  const oneShots: string[] = [];
  const vigil: string[] = [];
  for (const unit of units) {
    if (!unit.unit.endsWith('.service') || unit.active !== 'active') continue;
    // The units `vigil init --schedule systemd` writes: the collector does not watch itself.
    if (unit.unit.startsWith('vigil-')) vigil.push(unit.unit);
    else if (isPlumbingUnit(unit.unit)) plumbing.push(unit.unit);
    else if (unit.sub !== 'running') oneShots.push(unit.unit);
    else findings.push(makeUnitFinding(unit));
  }
  const leftOut: LeftOut[] = [];
  if (plumbing.length > 0)
    leftOut.push({
      label: `${countNoun(plumbing.length, 'system service')} (${listSome(plumbing)})`,
      reason: "the operating system's own plumbing, running on every machine",
    });
  if (vigil.length > 0)
    leftOut.push({
      label: vigil.join(', '),
      reason: "Vigil's own collector: a status page does not watch itself",
    });
  if (oneShots.length > 0)
    leftOut.push({
      label: `${countNoun(oneShots.length, 'one-shot service')} (${listSome(oneShots)})`,
      reason: 'ran once and exited (active, no process to watch)',
    });
  return { findings, leftOut };
}

function makeUnitFinding(unit: ListedUnit): Finding {
  const stem = unit.unit.replace(/\.service$/, '');
  const finding: Finding = {
    key: `systemd:${unit.unit}`,
    group: 'services',
    label: `${unit.unit}${unit.description === '' ? '' : ` (${unit.description})`}`,
    check: { id: toCheckId(stem, 'service'), name: stem, type: 'systemd', unit: unit.unit },
  };
  if (unit.description !== '') finding.comment = [`systemd: ${unit.description}`];
  return finding;
}

function listSome(names: readonly string[], most = 4): string {
  const shown = names.slice(0, most).join(', ');
  return names.length > most ? `${shown}, …` : shown;
}

async function discoverSystemd(context: DiscoverContext): Promise<Discovery> {
  const outcome = await context.run(SYSTEMCTL_LIST_ARGV, SYSTEMCTL_TIMEOUT_MS);
  const label = 'systemd services';
  if (isCommandMissing(outcome.failure)) return leaveOut(label, 'systemctl not found on PATH');
  if (outcome.timedOut)
    return leaveOut(label, `systemctl did not answer within ${SYSTEMCTL_TIMEOUT_MS / 1000} s`);
  if (outcome.exitCode !== 0) {
    const said = firstLineOf(outcome.stderr, outcome.stdout) || outcome.failure || `exit ${outcome.exitCode}`;
    // Containers and WSL without systemd as PID 1: "System has not been booted with systemd as init system (PID 1). Can't operate."
    const reason = /not been booted with systemd/i.test(said)
      ? 'systemd is not the init system here (a container?)'
      : `systemctl list-units failed: ${said}`;
    return leaveOut(label, reason);
  }
  return makeSystemdDiscovery(parseListUnits(outcome.stdout));
}

function leaveOut(label: string, reason: string): Discovery {
  return { findings: [], leftOut: [{ label, reason }] };
}

/** Active systemd services that run a process, one systemd check each (OS plumbing left out). */
export const systemdDiscoverer: Discoverer = { name: 'systemd', discover: discoverSystemd };
