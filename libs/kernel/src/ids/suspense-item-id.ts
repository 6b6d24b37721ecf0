import { createHash } from 'node:crypto';
import { invariant } from '../assert/invariant';

/** The namespace of suspense item ids (a fixed random UUID: ids of other kinds never collide with them). */
const SUSPENSE_ITEM_NAMESPACE = '5b0f6a44-2f5e-4c36-9d0e-7c5c3f1e9a21';

/**
 * The id of the suspense item a provider transaction opens: an RFC 9562 version 5 UUID of the
 * merchant and the provider's natural key (wallet type, transaction id), so that every repeat of the
 * postback lands on the same item. Not the transaction number itself: the id appears in URLs and
 * logs, where a player's transaction number is never shown in full.
 */
export function suspenseItemId(tenantId: string, walletType: string, transactionId: string): string {
  invariant(tenantId.length > 0 && walletType.length > 0 && transactionId.length > 0, 'tenantId, walletType and transactionId must not be empty');
  const namespace = Buffer.from(SUSPENSE_ITEM_NAMESPACE.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(JSON.stringify([tenantId, walletType, transactionId]), 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
