import { stringify } from 'yaml';
import { ID_PATTERN } from '../../core/model/checks/base-check.ts';
import { RESERVED_IDS } from '../../core/model/reserved-ids.ts';
import { generatePageId } from '../../core/model/site-address.ts';
import { FINDING_GROUPS, type Finding, type FindingGroup, type LeftOut } from './finding.ts';

export interface InitConfigInput {
  findings: readonly Finding[];
  leftOut: readonly LeftOut[];
  /** This machine's name: the site's title and the source's name. */
  hostname: string;
  /** When init ran, for the header. */
  generatedAt: Date;
  /** The JSON Schema, relative to the config file's folder (the `$schema` line). */
  schemaPath: string;
  /** The Statuspage API's page id (`site.pageId`); default: a fresh random one, written once here. */
  pageId?: string;
}

const FIELD_ORDER = ['id', 'name', 'type', 'group'];

/**
 * The config `vigil init` writes: a commented file grouped as the page will be, each check with the
 * comment that says what it is, the full check (with `${VAR}` credentials) commented out under the
 * credential-free one, and what was left out listed at the end. Pure: the caller validates and writes.
 */
export function renderInitConfig(input: InitConfigInput): string {
  const hostname = oneLine(input.hostname).replaceAll('${', () => '$${');
  const groupOrder = Object.keys(FINDING_GROUPS) as FindingGroup[];
  const findings = sortFindings(input.findings);
  const ids = assignIds(findings);
  const usedGroups = groupOrder.filter((group) => findings.some((finding) => finding.group === group));
  const lines: string[] = [
    `# yaml-language-server: $schema=${input.schemaPath}`,
    '#',
    `# Written by \`vigil init\` on ${hostname} at ${input.generatedAt.toISOString()}: the services it`,
    '# found on this machine, each as a check that needs no password. Where a fuller check needs',
    '# credentials, it is written commented out under the check, reading them from the environment',
    '# (${VAR}); set the variable where the collector runs and swap the two. Every field is in',
    '# docs/configuration.md; `vigil validate` checks this file, `npm start` shows the page.',
    'site:',
    `  title: ${scalar(`${hostname} status`)}`,
    "  # The API's page.id: stays when the title or address changes. Set url: to the public address.",
    `  pageId: ${JSON.stringify(input.pageId ?? generatePageId())}`,
    `  intro: ${scalar(`Live status of the services on ${hostname}.`)}`,
    '  interval: 5m',
    '  retentionDays: 14',
    '',
    usedGroups.length === 0 ? 'groups: []' : 'groups:',
  ];
  for (const group of usedGroups) {
    lines.push(`  - id: ${FINDING_GROUPS[group].id}`);
    lines.push(`    name: ${scalar(FINDING_GROUPS[group].name)}`);
    lines.push(`    description: ${scalar(FINDING_GROUPS[group].description)}`);
  }
  lines.push(
    '',
    'sources:',
    '  - id: local',
    `    name: ${scalar(hostname)}`,
    '',
    'collect:',
    '  concurrency: 32',
    '  deadline: 1m',
    '  failuresBeforeDown: 2',
    '',
    'checks:',
  );
  if (findings.length === 0) lines[lines.length - 1] = 'checks: []';
  let previousGroup: FindingGroup | undefined;
  findings.forEach((finding, index) => {
    const id = ids[index] as string;
    if (finding.group !== previousGroup) {
      lines.push(`  # ${FINDING_GROUPS[finding.group].name}`);
      previousGroup = finding.group;
    }
    for (const comment of finding.comment ?? [finding.label]) lines.push(`  # ${oneLine(comment)}`.trimEnd());
    const group = FINDING_GROUPS[finding.group].id;
    lines.push(...indent(toYamlItem({ ...escapeReferences(finding.check), id, group }), '  '));
    if (finding.fullCheck !== undefined) {
      lines.push('  # With credentials, the full check (replace the one above with it):');
      const full = toYamlItem({ ...finding.fullCheck, id, group });
      lines.push(...indent(full, '  # '));
    }
    lines.push('');
  });
  if (input.leftOut.length > 0) {
    lines.push('# Seen by vigil init and left out:');
    for (const item of input.leftOut) lines.push(`#   ${oneLine(item.label)}: ${oneLine(item.reason)}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Findings in the order of their groups on the page, as found within a group. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const groupOrder = Object.keys(FINDING_GROUPS);
  return [...findings].sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group));
}

/**
 * Discovered text (a mount point, a container's or unit's name) written as `$${` wherever it holds
 * `${`, so the loader keeps it literal: a path named `/mnt/${AWS_SECRET_ACCESS_KEY}` must never pull
 * the collector's environment into a check. Only the commented full checks carry real references.
 */
function escapeReferences<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('${', () => '$${') as T;
  if (Array.isArray(value)) return value.map(escapeReferences) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeReferences(item)])) as T;
  return value;
}

/** Ids as the findings ask, made URL-safe and unique in order (group ids taken): redis, redis-2, … */
export function assignIds(findings: readonly Finding[]): string[] {
  const taken = new Set<string>([...Object.values(FINDING_GROUPS).map((group) => group.id), ...RESERVED_IDS]);
  return findings.map((finding) => {
    const wanted = typeof finding.check.id === 'string' ? finding.check.id : finding.label;
    const base = toId(wanted) || 'check';
    let id = base;
    for (let suffix = 2; taken.has(id); suffix += 1) id = `${base}-${suffix}`;
    taken.add(id);
    return id;
  });
}

/** Text as a URL-safe id ("API gateway" → "api-gateway"); empty when nothing of it is usable. */
export function toId(text: string): string {
  const id = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 60);
  return ID_PATTERN.test(id) ? id : '';
}

/** One check as a YAML sequence item, its fields in the order people read them. */
export function toYamlItem(check: Record<string, unknown>): string[] {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (check[key] !== undefined) ordered[key] = check[key];
  for (const [key, value] of Object.entries(check)) if (!(key in ordered)) ordered[key] = value;
  return stringify([ordered], { lineWidth: 0 }).trimEnd().split('\n');
}

function indent(lines: readonly string[], prefix: string): string[] {
  return lines.map((line) => `${prefix}${line}`.trimEnd());
}

function scalar(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}

/** Untrusted text (a process name, a mount point) as one comment line. */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\n\r]+/gu, ' ').slice(0, 200);
}
