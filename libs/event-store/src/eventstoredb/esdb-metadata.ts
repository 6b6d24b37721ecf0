import type { EventMetadata } from '../event-store.port';

/**
 * The port's metadata travels as the event's JSON metadata, key for key. Two keys are added on the
 * way in, because EventStoreDB's own tooling reads them: `$correlationId` and `$causationId` (the
 * $by_correlation_id system projection, the web UI). On the way out every `$` key is dropped again,
 * so a round trip returns exactly what was appended. Callers may not use `$` keys themselves: the
 * server owns that namespace, and dropping them on read would lose their values silently.
 */
export function encodeMetadata(metadata: EventMetadata): Record<string, unknown> {
  assertTenant(metadata.tenantId, 'appended metadata');
  for (const key of Object.keys(metadata)) {
    if (key.startsWith('$')) throw new TypeError(`metadata key ${key} is reserved by EventStoreDB ($-prefixed)`);
  }
  const encoded: Record<string, unknown> = { ...metadata };
  if (metadata.correlationId !== undefined) encoded.$correlationId = metadata.correlationId;
  if (metadata.causationId !== undefined) encoded.$causationId = metadata.causationId;
  return encoded;
}

/** The metadata of a stored event; throws if it is not ours (binary, missing, or without a tenant). */
export function decodeMetadata(raw: unknown, eventId: string): EventMetadata {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new TypeError(`event ${eventId} has no JSON object metadata`);
  }
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('$')) decoded[key] = value;
  }
  assertTenant(decoded.tenantId, `metadata of event ${eventId}`);
  return decoded as EventMetadata;
}

function assertTenant(tenantId: unknown, where: string): void {
  // docs/architecture.md, invariant 8: every stream and row carries the merchant.
  if (typeof tenantId !== 'string' || tenantId.length === 0) throw new TypeError(`${where} has no tenantId`);
}
