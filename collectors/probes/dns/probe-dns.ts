import { randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { formatDurationMs } from '../../../core/model/duration-format.ts';
import { type DnsCheck, readDnsQueryName } from '../../../core/model/index.ts';
import { DNS_MAX_STORED_ANSWERS, type DnsDetail, type DnsMetrics } from '../../../core/results/dns.ts';
import { describeNetworkError } from '../../transport/network-error.ts';
import { describeTimeout } from '../../transport/timeout.ts';
import type { Observation, ProbeContext, ProbeDefinition } from '../probe-types.ts';
import { findMissingAnswers } from './dns-answers.ts';
import { type DnsExchange, exchangeOverTcp, exchangeOverUdp, resolveServer } from './dns-exchange.ts';
import { DNS_TYPE_CODES, DnsFormatError, type DnsResponse, encodeDnsQuery, encodeName } from './dns-wire.ts';

/** The udp payload size advertised with EDNS(0): the size DNS Flag Day 2020 settled on. */
const UDP_PAYLOAD_BYTES = 1232;
const MAX_ANSWER_CHARS = 300;
const ANSWERS_IN_MESSAGE = 3;

/** Asks the server one question with a random id, over udp (tcp when the reply is truncated) or tcp. */
async function probeDns(check: DnsCheck, context: ProbeContext): Promise<Observation> {
  const name = readDnsQueryName(check);
  const asked = `${name} ${check.recordType}`;
  const id = randomInt(0, 0x10000);
  let query: Buffer;
  try {
    query = encodeDnsQuery({
      id,
      name,
      type: check.recordType,
      udpPayloadBytes: UDP_PAYLOAD_BYTES,
    });
  } catch (error) {
    return { status: 'down', message: `cannot ask for ${asked}: ${(error as Error).message}` };
  }
  const where = isIPv6(check.server) ? `[${check.server}]:${check.port}` : `${check.server}:${check.port}`;
  let protocol = check.protocol;
  try {
    const { address } = await resolveServer(check.server, context.signal);
    const exchange: DnsExchange = {
      server: address,
      port: check.port,
      query,
      id,
      signal: context.signal,
      isAnswer: (response) => answersQuestion(response, id, check),
    };
    const startedAt = performance.now();
    let response = await (protocol === 'tcp' ? exchangeOverTcp(exchange) : exchangeOverUdp(exchange));
    const truncated = response.truncated;
    if (truncated) {
      protocol = 'tcp';
      response = await exchangeOverTcp(exchange);
    }
    const queryMs = Math.round((performance.now() - startedAt) * 10) / 10;
    return judgeDnsResponse(check, response, { queryMs, protocol, truncated });
  } catch (error) {
    const via = `${where} (${protocol})`;
    if (context.signal.aborted)
      return { status: 'down', message: describeTimeout(context, `waiting for ${via}`) };
    if (error instanceof DnsFormatError)
      return { status: 'down', message: `malformed reply from ${via}: ${error.message}` };
    return { status: 'down', message: `${via}: ${describeNetworkError(error)}` };
  }
}

/** The reply to this query: a response, with its id, to its question (names compare without case). */
function answersQuestion(response: DnsResponse, id: number, check: DnsCheck): boolean {
  if (!response.isResponse || response.id !== id) return false;
  const [question] = response.questions;
  // A server may leave the question out of an error reply (FORMERR, NOTIMP).
  if (question === undefined) return response.rcode !== 0;
  const askedName = readWireName(readDnsQueryName(check));
  return question.typeCode === DNS_TYPE_CODES[check.recordType] && question.name.toLowerCase() === askedName;
}

function readWireName(name: string): string {
  const wire = encodeName(name);
  const labels: string[] = [];
  for (let offset = 0; wire[offset] !== 0; offset += (wire[offset] ?? 0) + 1) {
    labels.push(wire.subarray(offset + 1, offset + 1 + (wire[offset] ?? 0)).toString('latin1'));
  }
  return labels.length === 0 ? '.' : `${labels.join('.').toLowerCase()}.`;
}

/** Judges an answer: the rcode the check expects, some record of its type, and every expected value. */
export function judgeDnsResponse(
  check: DnsCheck,
  response: DnsResponse,
  how: { queryMs: number; protocol: 'udp' | 'tcp'; truncated: boolean },
): Observation {
  const asked = `${readDnsQueryName(check)} ${check.recordType}`;
  const answers = response.answers.map((record) => record.data);
  const detail: DnsDetail = {
    rcode: response.rcodeName,
    answers: answers.slice(0, DNS_MAX_STORED_ANSWERS).map((answer) => capText(answer, MAX_ANSWER_CHARS)),
    authoritative: response.authoritative,
    protocol: how.protocol,
  };
  if (how.truncated) detail.truncated = true;
  const metrics: DnsMetrics = { queryMs: how.queryMs, answerCount: response.answers.length };
  const took = `in ${formatQueryMs(how.queryMs)}`;
  const tcpNote = how.truncated ? ' (udp reply truncated; asked again over tcp)' : '';
  const observe = (status: Observation['status'], message: string): Observation => ({
    status,
    message: `${message}${tcpNote}`,
    metrics: metrics satisfies DnsMetrics,
    detail: detail satisfies DnsDetail,
  });
  if (response.rcodeName !== check.expectedRcode)
    return observe(
      'down',
      `${asked}: ${response.rcodeName}, expected ${check.expectedRcode}${summarize(answers)}`,
    );
  if (check.expectedRcode !== 'NOERROR')
    return observe('up', `${asked}: ${response.rcodeName} ${took}, as expected`);
  const ofType = response.answers.filter((record) => record.type === check.recordType);
  if (ofType.length === 0)
    return observe(
      'down',
      `${asked}: no ${check.recordType} record (NOERROR, empty answer)${summarize(answers)}`,
    );
  if (check.expect !== undefined) {
    const missing = findMissingAnswers(check.expect, response.answers);
    if (missing.length > 0)
      return observe('down', `${asked}: expected ${missing.join(', ')}, got ${listAnswers(answers)}`);
  }
  return observe('up', `${asked}: ${listAnswers(answers)} ${took}`);
}

function summarize(answers: readonly string[]): string {
  return answers.length === 0 ? '' : ` (answers: ${listAnswers(answers)})`;
}

function listAnswers(answers: readonly string[]): string {
  const shown = answers.slice(0, ANSWERS_IN_MESSAGE).map((answer) => capText(answer, 80));
  const more = answers.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function capText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

function formatQueryMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : formatDurationMs(ms);
}

export const dnsProbe: ProbeDefinition<'dns'> = { probe: probeDns };
