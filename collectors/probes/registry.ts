import type { CheckType } from '../model/index.ts';
import { commandProbe } from './probe-command.ts';
import { hostProbe } from './probe-host.ts';
import { httpProbe } from './probe-http.ts';
import { tcpProbe } from './probe-tcp.ts';
import type { ProbeDefinition } from './probe-types.ts';

/** Every check type's probe. A new check type adds one line here (see docs/adding-a-check-type.md). */
export const PROBES = {
  http: httpProbe,
  tcp: tcpProbe,
  command: commandProbe,
  host: hostProbe,
} satisfies { [T in CheckType]: ProbeDefinition<T> };
