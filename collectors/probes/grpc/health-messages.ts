// grpc.health.v1's two messages, encoded by hand: HealthCheckRequest { string service = 1 } and
// HealthCheckResponse { ServingStatus status = 1 }, so no proto loader is needed.

export const SERVING_STATUSES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

/** HealthCheckRequest bytes: field 1 (length-delimited) when the service is not empty. */
export function encodeHealthCheckRequest(service: string): Buffer {
  if (service === '') return Buffer.alloc(0);
  const text = Buffer.from(service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a]), encodeVarint(text.length), text]);
}

/** The status of a HealthCheckResponse ("SERVING"); unknown fields are skipped; throws on bytes that are not one. */
export function decodeHealthCheckResponse(bytes: Buffer): string {
  let status = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const key = readVarint(bytes, offset);
    offset = key.next;
    const wireType = key.value & 7;
    const field = Math.floor(key.value / 8);
    if (wireType === 0) {
      const value = readVarint(bytes, offset);
      offset = value.next;
      if (field === 1) status = value.value;
    } else if (wireType === 2) {
      const length = readVarint(bytes, offset);
      offset = length.next + length.value;
    } else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else throw new Error(`invalid HealthCheckResponse: wire type ${wireType}`);
    if (offset > bytes.length) throw new Error('invalid HealthCheckResponse: truncated');
  }
  return SERVING_STATUSES[status] ?? `status ${status}`;
}

function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function readVarint(bytes: Buffer, start: number): { value: number; next: number } {
  let value = 0;
  let factor = 1;
  for (let offset = start; offset < bytes.length && offset < start + 8; offset += 1) {
    const byte = bytes[offset] ?? 0;
    value += (byte & 0x7f) * factor;
    if (byte < 0x80) return { value, next: offset + 1 };
    factor *= 128;
  }
  throw new Error('invalid HealthCheckResponse: bad varint');
}
