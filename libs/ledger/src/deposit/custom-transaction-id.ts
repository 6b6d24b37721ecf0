/**
 * The provider wants a unique custom_transaction_id per activation attempt, and sends it back as
 * plugin_custom_order_id. Attempt 1 (and the payment window) uses the deposit id itself; later
 * attempts append "-{attempt}", so the deposit id is always the first 36 characters.
 */
export function customTransactionIdFor(depositId: string, attempt: number): string {
  return attempt <= 1 ? depositId : `${depositId}-${attempt}`;
}

const UUID_PREFIX = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:-\d{1,3})?$/i;

/** The deposit id inside a plugin_custom_order_id we issued, or null for anything else. */
export function depositIdFromCustomOrderId(customOrderId: string | null): string | null {
  if (!customOrderId) return null;
  const match = UUID_PREFIX.exec(customOrderId);
  return match ? match[1].toLowerCase() : null;
}
