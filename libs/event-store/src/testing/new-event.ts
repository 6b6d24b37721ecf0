import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../event-store.port';

/** The tenant every test event belongs to unless a test says otherwise. */
export const TEST_TENANT = 'merchant-1';

/**
 * An event ready to append, for tests: a fresh random id and the test tenant unless `options`
 * give an id (a deterministic one, to test retries) or more metadata.
 */
export function newEvent(
  type = 'Credited',
  data: Record<string, unknown> = {},
  options: { readonly id?: string; readonly metadata?: Partial<EventMetadata> } = {},
): NewEvent {
  return { id: options.id ?? randomUUID(), type, data, metadata: { tenantId: TEST_TENANT, ...options.metadata } };
}
