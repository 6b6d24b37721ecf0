import { WALLET_EVENT_TYPES, WALLET_STREAM_PREFIX, type WalletEvent } from '@kassa/ledger';
import { columnNames, orderedRecordsetSource } from '../shared/column-types';
import { asDomainEvent, placeOf } from '../shared/domain-events';
import type { Projection } from '../shared/projection';
import { LEDGER_ENTRY_COLUMNS, ledgerEntryRows, type LedgerEntryRow } from './ledger-entry-row';

export const JOURNAL_PROJECTION_NAME = 'read-model.journal';

const COLUMNS = columnNames(LEDGER_ENTRY_COLUMNS).join(', ');

/**
 * Append-only, so one INSERT per batch. WITH ORDINALITY keeps the surrogate ids in event order;
 * the natural key makes a replayed posting a no-op.
 */
const INSERT_SQL = `
  INSERT INTO ledger_entries (${COLUMNS})
  SELECT ${COLUMNS} FROM ${orderedRecordsetSource(LEDGER_ENTRY_COLUMNS, 1)}
  ORDER BY ordinality
  ON CONFLICT (entry_id, account) DO NOTHING`;

/** `ledger_entries`: the journal, from wallet events. */
export const journalProjection: Projection = {
  name: JOURNAL_PROJECTION_NAME,
  streamPrefixes: [WALLET_STREAM_PREFIX],
  tables: ['ledger_entries'],
  async apply(events, manager) {
    const rows: LedgerEntryRow[] = [];
    for (const recorded of events) {
      const event = asDomainEvent<WalletEvent>(recorded, WALLET_EVENT_TYPES);
      if (event !== null) rows.push(...ledgerEntryRows(event, placeOf(recorded)));
    }
    if (rows.length > 0) await manager.query(INSERT_SQL, [JSON.stringify(rows)]);
  },
};
