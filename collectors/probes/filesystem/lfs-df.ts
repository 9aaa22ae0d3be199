/** What the flags after a target's line in `lfs df` mean (lfs-df(1)); `f` (on flash) is no problem. */
const TARGET_FLAGS: Record<string, string> = {
  D: 'degraded',
  R: 'read-only',
  S: 'out of space',
  I: 'out of inodes',
  N: 'no precreate',
};

/** One MDT or OST line of `lfs df`. */
export interface LustreTarget {
  /** "scratch-OST0001", without "_UUID". */
  name: string;
  kind: 'MDT' | 'OST';
  /** Index as lfs prints it in "[OST:1]". */
  index: number;
  sizeKiB: number;
  usedKiB: number;
  availableKiB: number;
  usedPercent: number;
  /** Problems named by the flags (degraded, read-only, out of space, out of inodes, no precreate). */
  problems: string[];
}

export interface LfsDfReport {
  targets: LustreTarget[];
  /** Targets lfs could not ask: "scratch-OST0002 : inactive device". */
  inactive: string[];
  summary?: { sizeKiB: number; usedKiB: number; availableKiB: number; usedPercent: number };
}

const TARGET_LINE =
  /^(\S+?)(?:_UUID)?\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+\S+\[(MDT|OST):(\d+)\]\s*([A-Za-z]*)\s*$/;
const SUMMARY_LINE = /^filesystem_summary:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%/;
const INACTIVE_LINE = /^(\S+?)(?:_UUID)?\s*:\s*inactive device/;

/** Parses `lfs df -l PATH` (1K-blocks, not -h): targets with their flags, inactive targets, the summary. */
export function parseLfsDf(text: string): LfsDfReport {
  const report: LfsDfReport = { targets: [], inactive: [] };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    const inactive = INACTIVE_LINE.exec(line);
    if (inactive?.[1] !== undefined) {
      report.inactive.push(inactive[1]);
      continue;
    }
    const summary = SUMMARY_LINE.exec(line);
    if (summary !== null) {
      const [, size, used, available, percent] = summary.map(Number);
      report.summary = {
        sizeKiB: size ?? 0,
        usedKiB: used ?? 0,
        availableKiB: available ?? 0,
        usedPercent: percent ?? 0,
      };
      continue;
    }
    const target = TARGET_LINE.exec(line);
    if (target === null) continue;
    const [, name = '', size, used, available, percent, kind, index, flags = ''] = target;
    report.targets.push({
      name,
      kind: kind === 'MDT' ? 'MDT' : 'OST',
      index: Number(index),
      sizeKiB: Number(size),
      usedKiB: Number(used),
      availableKiB: Number(available),
      usedPercent: Number(percent),
      problems: [...flags].map((flag) => TARGET_FLAGS[flag]).filter((problem) => problem !== undefined),
    });
  }
  return report;
}
