import { assertNever, invariant } from '../shared/domain-error';
import { fromMinorString } from '../shared/event-values';
import type { SuspenseCredited } from '../suspense/suspense.events';
import type { WalletEvent } from '../wallet/wallet.events';

/**
 * Double-entry postings derived from wallet events and from suspense credits: a pure function, so
 * the journal can be rebuilt from the events at any time and always agrees with the wallet balances.
 *
 * Sign convention: `amountMinor` is signed, DEBIT POSITIVE and CREDIT NEGATIVE, so the postings of every
 * event sum to zero per currency. Player accounts are liabilities (money we owe the player): their
 * balance as shown to people is the NEGATED sum of their postings. The clearing account is an asset
 * (money the provider holds for the merchant): its balance is the plain sum. The suspense account is
 * a liability too (money received for no order of ours, owed to whoever finance assigns it to):
 * a suspense credit posts clearing → suspense, its assignment suspense → the player's available.
 */

/** The events that post to the journal. */
export type JournalEvent = WalletEvent | SuspenseCredited;

export interface Posting {
  readonly tenantId: string;
  /** `player:{label}:available`, `player:{label}:held`, `clearing:{walletType}` or `suspense` (see the functions below). */
  readonly account: string;
  readonly currency: string;
  /** Debit positive, credit negative. Never zero. */
  readonly amountMinor: bigint;
  /** `{streamId}@{streamVersion}`: one entry per event; its postings share it. */
  readonly entryId: string;
  readonly eventType: JournalEvent['type'];
  /** The deposit id, withdrawal id or suspense item id the entry is about. */
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

/** The merchant's suspense account (one per merchant and currency: the currency is the posting's). */
export function suspenseAccount(): string {
  return 'suspense';
}

export function postingsFor(event: JournalEvent, context: PostingContext): Posting[] {
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
        return entry(clearingAccount(event.data.walletType), playerAvailableAccount(event.data.label), event.data.depositId, event.data.creditedAt);
      case 'FundsCreditedFromSuspense':
        return entry(suspenseAccount(), playerAvailableAccount(event.data.label), event.data.itemId, event.data.creditedAt);
      case 'SuspenseCredited':
        return entry(clearingAccount(event.data.walletType), suspenseAccount(), event.data.itemId, event.data.creditedAt);
      case 'FundsHeld':
        return entry(playerAvailableAccount(event.data.label), playerHeldAccount(event.data.label), event.data.withdrawalId, event.data.heldAt);
      case 'HeldFundsReleased':
        return entry(playerHeldAccount(event.data.label), playerAvailableAccount(event.data.label), event.data.withdrawalId, event.data.releasedAt);
      case 'HeldFundsSettled':
        return entry(playerHeldAccount(event.data.label), clearingAccount(event.data.walletType), event.data.withdrawalId, event.data.settledAt);
      default:
        return assertNever(event, 'journal event');
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
