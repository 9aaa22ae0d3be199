import type { Reservation } from '../../../core/results/cluster-summary.ts';
import { parseSlurmTime } from './slurm-time.ts';

export const SCONTROL_RESERVATION_ARGS = ['--oneliner', 'show', 'reservation'] as const;

/**
 * Parses `scontrol -o show reservation`: one line per reservation of `Key=Value` pairs separated
 * by spaces. A value may itself contain spaces (Comment=…), so a value runs until the next
 * ` Key=`. "No reservations in the system" gives an empty list.
 */
export function parseReservations(text: string): Reservation[] {
  const reservations: Reservation[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('ReservationName=')) continue;
    const fields = parseKeyValues(line);
    const flags = (fields.Flags ?? '').split(',').filter((f) => f !== '' && f !== '(null)');
    const start = parseSlurmTime(fields.StartTime ?? '');
    const end = parseSlurmTime(fields.EndTime ?? '');
    if (start === undefined || end === undefined) continue;
    const partition = fields.PartitionName ?? '(null)';
    reservations.push({
      name: fields.ReservationName ?? '',
      start,
      end,
      nodes: fields.Nodes === '(null)' ? '' : (fields.Nodes ?? ''),
      nodeCount: Number(fields.NodeCnt ?? 0) || 0,
      flags,
      isMaintenance: flags.includes('MAINT'),
      isActive: fields.State === 'ACTIVE',
      ...(partition === '(null)' || partition === '' ? {} : { queue: partition }),
    });
  }
  return reservations;
}

function parseKeyValues(line: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const keys = [...line.matchAll(/(?:^| )([A-Za-z][A-Za-z0-9]*)=/g)];
  keys.forEach((match, i) => {
    const valueStart = (match.index ?? 0) + match[0].length;
    const next = keys[i + 1];
    const valueEnd = next === undefined ? line.length : (next.index ?? line.length);
    fields[match[1] ?? ''] = line.slice(valueStart, valueEnd).trim();
  });
  return fields;
}
