import { assertNever, invariant } from '../shared/domain-error';
import { fromMinorString } from '../shared/event-values';
import type { WalletEvent } from '../wallet/wallet.events';

/**
 * Double-entry postings derived from wallet events: a pure function, so the journal can be rebuilt
 * from the events at any time and always agrees with the wallet balances.
 *
 * Sign convention: `amountMinor` is signed, DEBIT POSITIVE and CREDIT NEGATIVE, so the postings of every
 * event sum to zero per currency. Player accounts are liabilities (money we owe the player): their
 * balance as shown to people is the NEGATED sum of their postings. The clearing account is an asset
 * (money the provider holds for the merchant): its balance is the plain sum.
 */

export interface Posting {
  readonly tenantId: string;
  /** `player:{label}:available`, `player:{label}:held` or `clearing:{walletType}` (see the functions below). */
  readonly account: string;
  readonly currency: string;
  /** Debit positive, credit negative. Never zero. */
  readonly amountMinor: bigint;
  /** `{streamId}@{streamVersion}`: one entry per event; its postings share it. */
  readonly entryId: string;
  readonly eventType: WalletEvent['type'];
  /** The deposit id or withdrawal id the entry is about. */
  readonly reference: string;
  /** The event's own time (creditedAt, heldAt, releasedAt, settledAt). */
  readonly at: string;
}

/** Where the event was stored: gives each entry a stable id. */
export interface PostingContext {
  readonly streamId: string;
  readonly streamVersion: number;
}

/** The label is URI-encoded so a label holding ":" cannot forge another account; plain labels are unchanged. */
export function playerAvailableAccount(label: string): string {
  return `player:${encodeURIComponent(label)}:available`;
}

export function playerHeldAccount(label: string): string {
  return `player:${encodeURIComponent(label)}:held`;
}

export function clearingAccount(walletType: string): string {
  return `clearing:${walletType}`;
}

export function postingsFor(event: WalletEvent, context: PostingContext): Posting[] {
  const { label } = event.data;
  const amountMinor = fromMinorString(event.data.amountMinor);
  invariant(amountMinor > 0n, `${event.type} with a non-positive amount ${amountMinor}`);
  const entry = (debitAccount: string, creditAccount: string, reference: string, at: string): Posting[] => {
    const base = {
      tenantId: event.data.tenantId,
      currency: event.data.currency,
      entryId: `${context.streamId}@${context.streamVersion}`,
      eventType: event.type,
      reference,
      at,
    };
    return [
      { ...base, account: debitAccount, amountMinor },
      { ...base, account: creditAccount, amountMinor: -amountMinor },
    ];
  };
  const postings = ((): Posting[] => {
    switch (event.type) {
      case 'FundsCredited':
        return entry(clearingAccount(event.data.walletType), playerAvailableAccount(label), event.data.depositId, event.data.creditedAt);
      case 'FundsHeld':
        return entry(playerAvailableAccount(label), playerHeldAccount(label), event.data.withdrawalId, event.data.heldAt);
      case 'HeldFundsReleased':
        return entry(playerHeldAccount(label), playerAvailableAccount(label), event.data.withdrawalId, event.data.releasedAt);
      case 'HeldFundsSettled':
        return entry(playerHeldAccount(label), clearingAccount(event.data.walletType), event.data.withdrawalId, event.data.settledAt);
      default:
        return assertNever(event, 'wallet event');
    }
  })();
  assertBalanced(postings);
  return postings;
}

/** Every entry sums to zero in each currency; anything else is a bug in this file. */
export function assertBalanced(postings: readonly Posting[]): void {
  const sums = new Map<string, bigint>();
  for (const posting of postings) sums.set(posting.currency, (sums.get(posting.currency) ?? 0n) + posting.amountMinor);
  for (const [currency, sum] of sums) invariant(sum === 0n, `postings in ${currency} sum to ${sum}, not zero`);
}
