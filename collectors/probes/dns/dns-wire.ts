import { domainToASCII } from 'node:url';
import { DNS_RCODES } from '../../../core/model/checks/dns-check.ts';

// The DNS wire format (RFC 1035 §4, RFC 3596, RFC 2782, RFC 6891), only as far as one question and
// its answer need it. Pure: bytes in, values out; malformed input throws DnsFormatError, never reads
// past the message and never follows a compression pointer forwards or in a loop.

/** Record type numbers of the types a dns check asks for (and OPT, which a query carries). */
export const DNS_TYPE_CODES = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
} as const;
export type DnsTypeName = keyof typeof DNS_TYPE_CODES;

const TYPE_NAMES = new Map<number, string>(
  Object.entries(DNS_TYPE_CODES).map(([name, code]) => [code, name]),
);

const CLASS_IN = 1;
const HEADER_BYTES = 12;
const MAX_NAME_BYTES = 255;
const MAX_LABEL_BYTES = 63;

export class DnsFormatError extends Error {
  override name = 'DnsFormatError';
}

export interface DnsQuery {
  /** 0–65535; pick it at random (crypto.randomInt), so a forged reply must guess it. */
  id: number;
  name: string;
  type: DnsTypeName;
  /** Ask the server to recurse (RD); default true, as dig does. */
  recursionDesired?: boolean;
  /** Advertise EDNS(0) with this udp payload size (RFC 6891); omit for a plain RFC 1035 query. */
  udpPayloadBytes?: number;
}

/** One resource record, its data rendered as `dig` shows it. */
export interface DnsRecord {
  name: string;
  /** "A", "MX", …, or "TYPE99" for a type without a name here. */
  type: string;
  typeCode: number;
  classCode: number;
  ttl: number;
  /** "192.0.2.1", "10 mail.example.org.", "\"v=spf1 -all\"", or `\# 4 c0000201` for an unknown type. */
  data: string;
}

export interface DnsResponse {
  id: number;
  /** QR: this is a response. */
  isResponse: boolean;
  opcode: number;
  /** AA: the server is an authority for the name. */
  authoritative: boolean;
  /** TC: the message was cut to fit a udp datagram; ask again over tcp. */
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  /** The response code (EDNS extended bits included) and its name ("NXDOMAIN"; "RCODE23" unnamed). */
  rcode: number;
  rcodeName: string;
  questions: { name: string; type: string; typeCode: number; classCode: number }[];
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
}

/** The bytes of one question, ready for a udp datagram (prefix them with their length for tcp). */
export function encodeDnsQuery(query: DnsQuery): Buffer {
  if (!Number.isInteger(query.id) || query.id < 0 || query.id > 0xffff)
    throw new RangeError(`query id must be 0–65535, got ${query.id}`);
  const name = encodeName(query.name);
  const hasEdns = query.udpPayloadBytes !== undefined;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(query.id, 0);
  header.writeUInt16BE(query.recursionDesired === false ? 0 : 0x0100, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(hasEdns ? 1 : 0, 10);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(DNS_TYPE_CODES[query.type], 0);
  question.writeUInt16BE(CLASS_IN, 2);
  const parts = [header, name, question];
  if (hasEdns) {
    // OPT: root name, type 41, class = payload size, TTL 0 (extended rcode, version 0, no DO), no options.
    const opt = Buffer.alloc(11);
    opt.writeUInt16BE(DNS_TYPE_CODES.OPT, 1);
    opt.writeUInt16BE(query.udpPayloadBytes ?? 0, 3);
    parts.push(opt);
  }
  return Buffer.concat(parts);
}

/** A name in wire format: length-prefixed labels, a zero byte at the end (non-ASCII names as punycode). */
export function encodeName(name: string): Buffer {
  // A name past printable ASCII is an IDN: asked as punycode, as browsers and dig do.
  const ascii = /^[ -~]*$/.test(name) ? name : domainToASCII(name);
  if (ascii === '') throw new DnsFormatError(`not a valid domain name: ${JSON.stringify(name)}`);
  const trimmed = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  const labels = trimmed === '' ? [] : trimmed.split('.');
  const bytes: number[] = [];
  for (const label of labels) {
    const encoded = Buffer.from(label, 'latin1');
    if (encoded.length === 0) throw new DnsFormatError(`empty label in ${JSON.stringify(name)}`);
    if (encoded.length > MAX_LABEL_BYTES)
      throw new DnsFormatError(`label "${label}" is ${encoded.length} bytes; at most ${MAX_LABEL_BYTES}`);
    bytes.push(encoded.length, ...encoded);
  }
  bytes.push(0);
  if (bytes.length > MAX_NAME_BYTES)
    throw new DnsFormatError(`${JSON.stringify(name)} is ${bytes.length} bytes in wire format; at most 255`);
  return Buffer.from(bytes);
}

/** Reads a whole DNS message (a udp datagram, or a tcp message without its length prefix). */
export function parseDnsResponse(message: Uint8Array): DnsResponse {
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (bytes.length < HEADER_BYTES)
    throw new DnsFormatError(`message is ${bytes.length} bytes; a header alone is ${HEADER_BYTES}`);
  const flags = bytes.readUInt16BE(2);
  const counts = [4, 6, 8, 10].map((offset) => bytes.readUInt16BE(offset)) as [
    number,
    number,
    number,
    number,
  ];
  const reader = { bytes, offset: HEADER_BYTES };
  const questions: DnsResponse['questions'] = [];
  for (let index = 0; index < counts[0]; index += 1) {
    const name = readName(reader);
    const typeCode = readUInt16(reader);
    const classCode = readUInt16(reader);
    questions.push({ name, type: describeType(typeCode), typeCode, classCode });
  }
  const answers = readRecords(reader, counts[1]);
  const authority = readRecords(reader, counts[2]);
  const additional = readRecords(reader, counts[3]);
  // EDNS carries the rcode's upper 8 bits in the OPT record's TTL.
  const opt = additional.find((record) => record.typeCode === DNS_TYPE_CODES.OPT);
  const rcode = (flags & 0x000f) | (opt === undefined ? 0 : ((opt.ttl >>> 24) & 0xff) << 4);
  return {
    id: bytes.readUInt16BE(0),
    isResponse: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0x0f,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    rcode,
    // DNS_RCODES is in code order (0–10), so a code is its index.
    rcodeName: DNS_RCODES[rcode] ?? `RCODE${rcode}`,
    questions,
    answers,
    authority,
    additional: additional.filter((record) => record.typeCode !== DNS_TYPE_CODES.OPT),
  };
}

interface Reader {
  bytes: Buffer;
  offset: number;
}

function readRecords(reader: Reader, count: number): DnsRecord[] {
  const records: DnsRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = readName(reader);
    const typeCode = readUInt16(reader);
    const classCode = readUInt16(reader);
    const ttl = readUInt32(reader);
    const length = readUInt16(reader);
    const end = reader.offset + length;
    if (end > reader.bytes.length)
      throw new DnsFormatError(`record ${name} claims ${length} bytes of data past the message's end`);
    const data = typeCode === DNS_TYPE_CODES.OPT ? '' : renderData(reader, typeCode, end);
    reader.offset = end;
    records.push({ name, type: describeType(typeCode), typeCode, classCode, ttl, data });
  }
  return records;
}

function describeType(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

/** A record's data as dig prints it; `reader` stands at its first byte, `end` is one past its last. */
function renderData(reader: Reader, typeCode: number, end: number): string {
  const { bytes } = reader;
  const start = reader.offset;
  const data = bytes.subarray(start, end);
  const inside = <T>(read: () => T): T => {
    const value = read();
    if (reader.offset > end) throw new DnsFormatError(`${describeType(typeCode)} data runs past its length`);
    return value;
  };
  switch (typeCode) {
    case DNS_TYPE_CODES.A:
      if (data.length !== 4) throw new DnsFormatError(`A data is ${data.length} bytes, not 4`);
      return [...data].join('.');
    case DNS_TYPE_CODES.AAAA:
      if (data.length !== 16) throw new DnsFormatError(`AAAA data is ${data.length} bytes, not 16`);
      return formatIpv6(data);
    case DNS_TYPE_CODES.NS:
    case DNS_TYPE_CODES.CNAME:
    case DNS_TYPE_CODES.PTR:
      return inside(() => readName(reader));
    case DNS_TYPE_CODES.MX:
      return inside(() => `${readUInt16(reader)} ${readName(reader)}`);
    case DNS_TYPE_CODES.SRV:
      return inside(
        () => `${readUInt16(reader)} ${readUInt16(reader)} ${readUInt16(reader)} ${readName(reader)}`,
      );
    case DNS_TYPE_CODES.SOA:
      return inside(() => {
        const names = [readName(reader), readName(reader)];
        const numbers = [0, 1, 2, 3, 4].map(() => readUInt32(reader));
        return [...names, ...numbers].join(' ');
      });
    case DNS_TYPE_CODES.TXT:
      return readCharacterStrings(data).join(' ');
    default:
      // RFC 3597's generic form, as dig shows a type it does not know.
      return `\\# ${data.length}${data.length > 0 ? ` ${data.toString('hex')}` : ''}`;
  }
}

/** TXT's <character-string>s, each quoted with `"` and `\` escaped and other bytes outside ASCII as \DDD. */
function readCharacterStrings(data: Buffer): string[] {
  const strings: string[] = [];
  for (let offset = 0; offset < data.length; ) {
    const length = data[offset] ?? 0;
    const text = data.subarray(offset + 1, offset + 1 + length);
    if (text.length !== length) throw new DnsFormatError('TXT string runs past its record');
    strings.push(`"${escapeBytes(text, '"\\')}"`);
    offset += 1 + length;
  }
  return strings;
}

function escapeBytes(bytes: Uint8Array, special: string): string {
  let text = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte < 0x20 || byte > 0x7e) text += `\\${String(byte).padStart(3, '0')}`;
    else if (special.includes(char)) text += `\\${char}`;
    else text += char;
  }
  return text;
}

/** A name, following compression pointers (RFC 1035 §4.1.4) only backwards; always ends with ".". */
function readName(reader: Reader): string {
  const { bytes } = reader;
  const labels: string[] = [];
  let offset = reader.offset;
  let resumeAt: number | undefined;
  let nameBytes = 0;
  for (;;) {
    const length = bytes[offset];
    if (length === undefined) throw new DnsFormatError('name runs past the end of the message');
    if ((length & 0xc0) === 0xc0) {
      const low = bytes[offset + 1];
      if (low === undefined) throw new DnsFormatError('compression pointer runs past the end of the message');
      const target = ((length & 0x3f) << 8) | low;
      // Only backwards, to before the label that points: a loop or a forward jump is malformed.
      if (target >= offset)
        throw new DnsFormatError(`compression pointer at ${offset} points forwards to ${target}`);
      resumeAt ??= offset + 2;
      offset = target;
      continue;
    }
    if ((length & 0xc0) !== 0)
      throw new DnsFormatError(`label type 0x${length.toString(16)} at ${offset} is not supported`);
    if (length === 0) {
      offset += 1;
      break;
    }
    nameBytes += length + 1;
    if (nameBytes > MAX_NAME_BYTES) throw new DnsFormatError('name is longer than 255 bytes');
    const label = bytes.subarray(offset + 1, offset + 1 + length);
    if (label.length !== length) throw new DnsFormatError('label runs past the end of the message');
    labels.push(escapeBytes(label, '.\\"();@$'));
    offset += 1 + length;
  }
  reader.offset = resumeAt ?? offset;
  return labels.length === 0 ? '.' : `${labels.join('.')}.`;
}

function readUInt16(reader: Reader): number {
  if (reader.offset + 2 > reader.bytes.length) throw new DnsFormatError('message ends inside a 16-bit field');
  const value = reader.bytes.readUInt16BE(reader.offset);
  reader.offset += 2;
  return value;
}

function readUInt32(reader: Reader): number {
  if (reader.offset + 4 > reader.bytes.length) throw new DnsFormatError('message ends inside a 32-bit field');
  const value = reader.bytes.readUInt32BE(reader.offset);
  reader.offset += 4;
  return value;
}

/** 16 bytes as RFC 5952 writes them (and dig shows them): lower case, the longest run of ≥ 2 zero groups as "::". */
export function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from(
    { length: 8 },
    (_, index) => ((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0),
  );
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff)
    return `::ffff:${[...bytes.subarray(12, 16)].join('.')}`;
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; ) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
    start += Math.max(length, 1);
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
