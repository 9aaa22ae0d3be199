import type { CheckType, Thresholds } from '../../core/model/index.ts';

/**
 * The thresholds each check type applies unless the config overrides them. Kept apart from the
 * probes so the run that judges results knows them without loading any probe's client library.
 */
export const DEFAULT_THRESHOLDS = {
  http: { certDaysLeft: { degradedBelow: 14 } },
  websocket: { certDaysLeft: { degradedBelow: 14 } },
  smtp: { certDaysLeft: { degradedBelow: 14 } },
  imap: { certDaysLeft: { degradedBelow: 14 } },
  pop3: { certDaysLeft: { degradedBelow: 14 } },
  tls: { certDaysLeft: { degradedBelow: 14 } },
  host: {
    'fs:*:usedPercent': { degradedAbove: 90, downAbove: 98 },
    memUsedPercent: { degradedAbove: 95 },
  },
  filesystem: {
    usedPercent: { degradedAbove: 90, downAbove: 98 },
    inodesUsedPercent: { degradedAbove: 90, downAbove: 98 },
  },
  gpu: { 'gpu:*:temperatureC': { degradedAbove: 85 } },
  slurm: { nodesDownPercent: { degradedAbove: 5 } },
  pbs: { nodesDownPercent: { degradedAbove: 5 } },
  // One echo of 3 lost (33 %) is the ICMP rate limiting of a healthy path, not a fault; most of them
  // lost is. Nothing answering at all is down by the probe itself.
  ping: { packetLossPercent: { degradedAbove: 50 } },
} satisfies Partial<Record<CheckType, Thresholds>>;
