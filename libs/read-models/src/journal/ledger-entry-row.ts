import { postingsFor, type JournalEvent, type Posting } from '@kassa/ledger';
import type { ColumnTypes } from '../shared/column-types';
import type { EventPlace } from '../shared/domain-events';

/** A player's available or held balance; the provider clearing account; the merchant's suspense account. */
export type AccountKind = 'available' | 'held' | 'clearing' | 'suspense';

/** The merchant's own accounts: they carry no player label. */
const MERCHANT_ACCOUNT_KINDS: readonly AccountKind[] = ['clearing', 'suspense'];

/** A `ledger_entries` row as written (without the surrogate id). */
export interface LedgerEntryRow {
  readonly tenant_id: string;
  readonly entry_id: string;
  readonly account: string;
  readonly account_kind: AccountKind;
  readonly label: string | null;
  readonly currency: string;
  readonly amount_minor: string;
  readonly event_type: string;
  readonly reference: string;
  readonly wallet_type: string;
  readonly at: string;
  readonly stream_id: string;
  readonly stream_version: number;
}

export const LEDGER_ENTRY_COLUMNS: ColumnTypes<LedgerEntryRow> = {
  tenant_id: 'text',
  entry_id: 'text',
  account: 'text',
  account_kind: 'text',
  label: 'text',
  currency: 'text',
  amount_minor: 'bigint',
  event_type: 'text',
  reference: 'text',
  wallet_type: 'text',
  at: 'timestamptz',
  stream_id: 'text',
  stream_version: 'integer',
};

/** The rows of one journal event: postingsFor() (which asserts they balance) with the account name taken apart. */
export function ledgerEntryRows(event: JournalEvent, place: EventPlace): LedgerEntryRow[] {
  return postingsFor(event, place).map((posting) => toRow(posting, event, place));
}

function toRow(posting: Posting, event: JournalEvent, place: EventPlace): LedgerEntryRow {
  const kind = accountKind(posting.account);
  return {
    tenant_id: posting.tenantId,
    entry_id: posting.entryId,
    account: posting.account,
    account_kind: kind,
    // The event's label, not the encoded one inside the account name: queries look players up by label.
    label: MERCHANT_ACCOUNT_KINDS.includes(kind) || !('label' in event.data) ? null : event.data.label,
    currency: posting.currency,
    amount_minor: posting.amountMinor.toString(),
    event_type: posting.eventType,
    reference: posting.reference,
    wallet_type: event.data.walletType,
    at: posting.at,
    stream_id: place.streamId,
    stream_version: place.streamVersion,
  };
}

/** `player:{label}:available`, `player:{label}:held`, `clearing:{walletType}`, `suspense` (journal.ts). */
export function accountKind(account: string): AccountKind {
  if (account.startsWith('clearing:')) return 'clearing';
  if (account === 'suspense') return 'suspense';
  if (account.startsWith('player:') && account.endsWith(':available')) return 'available';
  if (account.startsWith('player:') && account.endsWith(':held')) return 'held';
  throw new Error(`unknown account ${account}`);
}
