import { PROVIDER_TRANSACTION_STREAM_PREFIX } from './stream-ids';

/** Digits of a player's transaction number a log line may keep: enough to tell two apart, not to reuse one. */
const VISIBLE = 4;

/**
 * A player's transaction number (key1, the provider's transaction id) as logs and error messages
 * show it: all but its last four characters hidden. Whoever holds the whole number can claim the
 * player's payment, so it never appears whole outside the ledger's own rows and events.
 */
export function maskTransactionNumber(value: string): string {
  return value.length <= VISIBLE ? '*'.repeat(value.length) : `***${value.slice(-VISIBLE)}`;
}

/** A transaction number inside an id, as encodeURIComponent left it. */
const ENCODED = "[A-Za-z0-9%_.!~*'()-]+";
/** `provider-tx-{merchant}.{walletType}.{transaction}` and `unmatched-{walletType}-{transaction}` (deposit ids of unmatched postbacks). */
const IDS_WITH_TRANSACTION = new RegExp(`(${PROVIDER_TRANSACTION_STREAM_PREFIX}[^.\\s"]+\\.[a-z0-9_]+\\.|unmatched-[a-z0-9_]+-)(${ENCODED})`, 'g');

/** Every stream or deposit id in `text` that carries a transaction number, with that number masked. */
export function maskTransactionIdsIn(text: string): string {
  return text.replace(IDS_WITH_TRANSACTION, (_whole, prefix: string, transaction: string) => `${prefix}${maskTransactionNumber(transaction)}`);
}
