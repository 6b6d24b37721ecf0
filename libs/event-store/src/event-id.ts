import { createHash } from 'node:crypto';

/**
 * The namespace of kassa-ledger's event ids (itself a random v4 UUID, fixed forever: changing it
 * would give every retried append new ids, and the retry would append twice).
 */
export const EVENT_ID_NAMESPACE = '8d0f6c0e-5b4a-4f3e-9a57-2c1d7e6b9f21';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name) for an event, so that a retried
 * append reproduces the ids of the first attempt and the store treats it as a no-op.
 *
 * The parts are joined as a JSON array, not with a separator, so that ('a:b', 'c') and ('a', 'b:c')
 * cannot collide.
 */
export function deterministicEventId(...parts: string[]): string {
  if (parts.length === 0) throw new RangeError('deterministicEventId needs at least one part');
  return uuidV5(EVENT_ID_NAMESPACE, JSON.stringify(parts));
}

/** RFC 9562 version 5 UUID of `name` (UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  if (!UUID_PATTERN.test(namespace)) throw new TypeError(`not a UUID: ${namespace}`);
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
