import { type JournalEvent, SUSPENSE_STREAM_PREFIX, WALLET_EVENT_TYPES, WALLET_STREAM_PREFIX } from '@kassa/ledger';
import type { RecordedEvent } from '@kassa/event-store';
import { columnNames, orderedRowsSource, rowsParameters } from '../shared/column-types';
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
  SELECT ${COLUMNS} FROM ${orderedRowsSource(LEDGER_ENTRY_COLUMNS, 1)}
  ORDER BY ordinality
  ON CONFLICT (entry_id, account) DO NOTHING`;

/** The events of a wallet stream post; of a suspense stream, only its credit (its assignment posts on the wallet). */
function journalEventOf(recorded: RecordedEvent): JournalEvent | null {
  if (recorded.streamId.startsWith(SUSPENSE_STREAM_PREFIX)) return asDomainEvent<JournalEvent>(recorded, ['SuspenseCredited']);
  return asDomainEvent<JournalEvent>(recorded, WALLET_EVENT_TYPES);
}

/** `ledger_entries`: the journal, from wallet events and suspense credits. */
export const journalProjection: Projection = {
  name: JOURNAL_PROJECTION_NAME,
  streamPrefixes: [WALLET_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX],
  tables: ['ledger_entries'],
  async apply(events, manager) {
    const rows: LedgerEntryRow[] = [];
    for (const recorded of events) {
      const event = journalEventOf(recorded);
      if (event !== null) rows.push(...ledgerEntryRows(event, placeOf(recorded)));
    }
    if (rows.length > 0) await manager.query(INSERT_SQL, rowsParameters(LEDGER_ENTRY_COLUMNS, rows));
  },
};
