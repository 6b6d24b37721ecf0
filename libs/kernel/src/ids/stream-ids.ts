import { invariant } from '../assert/invariant';

/**
 * Stream ids. The tenant id is the first segment after the category and may not contain a dot, so
 * the id after the first dot is unambiguous whatever characters it has.
 */

export const DEPOSIT_STREAM_PREFIX = 'deposit-';
export const WITHDRAWAL_STREAM_PREFIX = 'withdrawal-';
export const WALLET_STREAM_PREFIX = 'wallet-';
export const SUSPENSE_STREAM_PREFIX = 'suspense-';
/** Not `withdrawal-…`: that prefix is every withdrawal's stream, and subscriptions select by prefix. */
export const WITHDRAWAL_QUEUE_STREAM_PREFIX = 'payout-queue-';

/** The player's wallet: one per merchant, player label and currency. */
export interface WalletRef {
  readonly tenantId: string;
  readonly label: string;
  readonly currency: string;
}

function assertSegment(value: string, what: string): void {
  invariant(value.length > 0, `${what} must not be empty`);
  invariant(!value.includes('.'), `${what} must not contain a dot, got "${value}"`);
}

export function depositStreamId(tenantId: string, depositId: string): string {
  assertSegment(tenantId, 'tenantId');
  invariant(depositId.length > 0, 'depositId must not be empty');
  return `${DEPOSIT_STREAM_PREFIX}${tenantId}.${depositId}`;
}

export function withdrawalStreamId(tenantId: string, withdrawalId: string): string {
  assertSegment(tenantId, 'tenantId');
  invariant(withdrawalId.length > 0, 'withdrawalId must not be empty');
  return `${WITHDRAWAL_STREAM_PREFIX}${tenantId}.${withdrawalId}`;
}

/** One suspense item: money received for no order of ours, until finance assigns it to a player. */
export function suspenseStreamId(tenantId: string, itemId: string): string {
  assertSegment(tenantId, 'tenantId');
  invariant(itemId.length > 0, 'itemId must not be empty');
  return `${SUSPENSE_STREAM_PREFIX}${tenantId}.${itemId}`;
}

/** The merchant's withdrawal submission queue: whether it is paused, and why. */
export function withdrawalQueueStreamId(tenantId: string): string {
  assertSegment(tenantId, 'tenantId');
  return `${WITHDRAWAL_QUEUE_STREAM_PREFIX}${tenantId}`;
}

/** `wallet-{tenantId}.{currency}.{encodeURIComponent(label)}`: the label is the last segment, so dots in it are safe. */
export function walletStreamId(wallet: WalletRef): string {
  assertSegment(wallet.tenantId, 'tenantId');
  assertSegment(wallet.currency, 'currency');
  invariant(wallet.label.length > 0, 'label must not be empty');
  return `${WALLET_STREAM_PREFIX}${wallet.tenantId}.${wallet.currency}.${encodeURIComponent(wallet.label)}`;
}

/**
 * The deposit id for a postback nobody opened an order for, derived from the provider's natural key
 * (wallet type, transaction id) so that a repeated postback lands on the same stream and is a no-op.
 */
export function unmatchedDepositId(walletType: string, transactionId: string): string {
  invariant(walletType.length > 0 && transactionId.length > 0, 'walletType and transactionId must not be empty');
  return `unmatched-${walletType}-${encodeURIComponent(transactionId)}`;
}

export const PROVIDER_TRANSACTION_STREAM_PREFIX = 'provider-tx-';

/**
 * One stream per provider transaction (wallet type, transaction id): its first event names the
 * deposit it belongs to, so the same provider transaction can never credit two deposits.
 */
export function providerTransactionStreamId(tenantId: string, walletType: string, transactionId: string): string {
  assertSegment(tenantId, 'tenantId');
  assertSegment(walletType, 'walletType');
  invariant(transactionId.length > 0, 'transactionId must not be empty');
  return `${PROVIDER_TRANSACTION_STREAM_PREFIX}${tenantId}.${walletType}.${encodeURIComponent(transactionId)}`;
}
