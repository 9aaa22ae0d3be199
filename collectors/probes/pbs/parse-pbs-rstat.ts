import type { Reservation } from '../../../core/results/cluster-summary.ts';
import { parsePbsCount, parsePbsTime } from './pbs-values.ts';

export const PBS_RSTAT_ARGS = ['-f'] as const;
/** Node names listed per reservation; a whole-machine maintenance would otherwise list thousands. */
const MAX_LISTED_NODES = 20;

/**
 * Parses `pbs_rstat -f`: blocks that start with "Resv ID: …", then `key = value` lines; a long
 * value continues on lines that start with a tab. IDs starting with "M" are maintenance
 * reservations (`pbs_rsub --hosts`).
 */
export function parsePbsRstat(text: string): Reservation[] {
  const reservations: Reservation[] = [];
  for (const block of splitBlocks(text)) {
    const start = parsePbsTime(block.fields.reserve_start ?? '');
    const end = parsePbsTime(block.fields.reserve_end ?? '');
    if (start === undefined || end === undefined) continue;
    const nodeNames = [...(block.fields.resv_nodes ?? '').matchAll(/\(([^:)]+)/g)].map((m) => m[1] ?? '');
    const unique = [...new Set(nodeNames)];
    const listed = unique.slice(0, MAX_LISTED_NODES).join(',');
    const state = block.fields.reserve_state ?? '';
    const name = block.fields.Reserve_Name ?? 'NULL';
    // The reservation's own queue ("R123"), where its jobs are submitted.
    const queue = block.fields.queue ?? '';
    reservations.push({
      name: name === 'NULL' ? block.id : name,
      start,
      end,
      nodes: unique.length > MAX_LISTED_NODES ? `${listed},…` : listed,
      nodeCount: parsePbsCount(block.fields['Resource_List.nodect']) || unique.length,
      flags: [state, ...(block.id.startsWith('M') ? ['MAINTENANCE'] : [])].filter((f) => f !== ''),
      isMaintenance: block.id.startsWith('M'),
      isActive: state === 'RESV_RUNNING',
      ...(queue === '' ? {} : { queue }),
    });
  }
  return reservations;
}

function splitBlocks(text: string): Array<{ id: string; fields: Record<string, string> }> {
  const blocks: Array<{ id: string; fields: Record<string, string> }> = [];
  let lastKey: string | undefined;
  for (const line of text.split('\n')) {
    const id = /^Resv ID:\s*(\S+)/.exec(line);
    if (id !== null) {
      blocks.push({ id: id[1] ?? '', fields: {} });
      lastKey = undefined;
      continue;
    }
    const current = blocks.at(-1);
    if (current === undefined) continue;
    if (line.startsWith('\t') && lastKey !== undefined) {
      current.fields[lastKey] += line.trim();
      continue;
    }
    const field = /^\s*([\w.]+)\s*=\s*(.*)$/.exec(line);
    if (field === null) continue;
    lastKey = field[1] ?? '';
    current.fields[lastKey] = (field[2] ?? '').trim();
  }
  return blocks;
}
