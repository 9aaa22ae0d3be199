/** What one run of iputils `ping` said, read from its output. */
export interface PingReport {
  /** The address ping sent to, from its first line ("PING db (10.0.0.7) 56(84) bytes of data."). */
  address?: string;
  /** From the statistics line; absent when ping stopped before it could send (unknown host). */
  transmitted?: number;
  received?: number;
  duplicates?: number;
  errors?: number;
  lossPercent?: number;
  rtt?: { minMs: number; avgMs: number; maxMs: number };
  /**
   * Why ping could not ask or got no answer, in its own words: the reason of the first ICMP error
   * line ("Destination Host Unreachable"), or its error line without the "ping: " prefix
   * ("nonexistent.invalid: Name or service not known", "connect: Network is unreachable").
   */
  problem?: string;
}

// ping's output is small; anything past this is not ping's and is not read.
const MAX_READ_CHARS = 65_536;
const MAX_LINE_CHARS = 400;
const MAX_PROBLEM_CHARS = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

// Lines are cut to MAX_LINE_CHARS before any of these run, so none of them reads far.
const HEADER = /^PING \S+ ?\(([0-9A-Fa-f:.%\w-]{1,80})\)/;
const STATISTICS =
  /^(\d{1,9}) packets transmitted, (\d{1,9}) (?:packets )?received,(?: \+(\d{1,9}) duplicates,)?(?: \+(\d{1,9}) errors,)? ([\d.]{1,12})% packet loss/;
const RTT =
  /^(?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = ([\d.]{1,15})\/([\d.]{1,15})\/([\d.]{1,15})/;
const ICMP_ERROR = /^From \S{1,100} (?:icmp_seq=\d{1,9} )?(.+)$/;
const PING_ERROR = /^ping: (.+)$/;

/** Reads iputils ping's output (stdout and stderr together, LC_ALL=C); pure, and bounded on foreign input. */
export function parsePingOutput(text: string): PingReport {
  const report: PingReport = {};
  let icmpProblem: string | undefined;
  let pingError: string | undefined;
  for (const rawLine of text.slice(0, MAX_READ_CHARS).split('\n')) {
    const line = rawLine.trim().slice(0, MAX_LINE_CHARS);
    const header = HEADER.exec(line);
    if (header?.[1] !== undefined && report.address === undefined) report.address = header[1];
    const statistics = STATISTICS.exec(line);
    if (statistics !== null) {
      const [, transmitted, received, duplicates, errors, loss] = statistics;
      report.transmitted = Number(transmitted);
      report.received = Number(received);
      if (duplicates !== undefined) report.duplicates = Number(duplicates);
      if (errors !== undefined) report.errors = Number(errors);
      report.lossPercent = Number(loss);
    }
    const rtt = RTT.exec(line);
    if (rtt !== null) report.rtt = { minMs: Number(rtt[1]), avgMs: Number(rtt[2]), maxMs: Number(rtt[3]) };
    icmpProblem ??= ICMP_ERROR.exec(line)?.[1];
    pingError ??= PING_ERROR.exec(line)?.[1];
  }
  const problem = pingError ?? icmpProblem;
  if (problem !== undefined) report.problem = cleanProblem(problem);
  return report;
}

function cleanProblem(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '').trim().slice(0, MAX_PROBLEM_CHARS);
}
