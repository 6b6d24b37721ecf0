import { formatMinor, fromMinorString } from '@kassa/ledger';
import { toIsoMillis } from '../shared/timestamps';
import type { AccountKind } from './ledger-entry-row';

/** One of the player's postings, as `GET /v1/players/{label}/entries` shows it. */
export interface LedgerEntryView {
  readonly entryId: string;
  readonly account: string;
  readonly accountKind: Exclude<AccountKind, 'clearing' | 'suspense'>;
  readonly currency: string;
  /** What the posting did to that balance of the player's: "+100.00" raised it, "-100.00" lowered it. */
  readonly amount: string;
  /** The accounting side of the posting (a credit raises a liability such as the player's balance). */
  readonly side: 'debit' | 'credit';
  readonly eventType: string;
  /** The deposit, withdrawal or suspense item id. */
  readonly reference: string;
  readonly walletType: string;
  readonly at: string;
}

export interface PlayerEntryRow {
  readonly entry_id: string;
  readonly account: string;
  readonly account_kind: Exclude<AccountKind, 'clearing' | 'suspense'>;
  readonly currency: string;
  readonly amount_minor: string;
  readonly event_type: string;
  readonly reference: string;
  readonly wallet_type: string;
  readonly at: string;
  readonly stream_id: string;
  readonly stream_version: number;
}

export function toLedgerEntryView(row: PlayerEntryRow): LedgerEntryView {
  const postingMinor = fromMinorString(row.amount_minor);
  const effectMinor = -postingMinor; // player accounts are liabilities
  return {
    entryId: row.entry_id,
    account: row.account,
    accountKind: row.account_kind,
    currency: row.currency,
    amount: `${effectMinor > 0n ? '+' : ''}${formatMinor(effectMinor, row.currency)}`,
    side: postingMinor > 0n ? 'debit' : 'credit',
    eventType: row.event_type,
    reference: row.reference,
    walletType: row.wallet_type,
    at: toIsoMillis(row.at),
  };
}
