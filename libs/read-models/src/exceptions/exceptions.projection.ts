import {
  DEPOSIT_EVENT_TYPES,
  DEPOSIT_STREAM_PREFIX,
  type PostbackQuarantined,
  SUSPENSE_STREAM_PREFIX,
  WITHDRAWAL_EVENT_TYPES,
  WITHDRAWAL_QUEUE_EVENT_TYPES,
  WITHDRAWAL_QUEUE_STREAM_PREFIX,
  WITHDRAWAL_STREAM_PREFIX,
  type DepositEvent,
  type WithdrawalEvent,
  type WithdrawalQueueEvent,
} from '@kassa/ledger';
import type { RecordedEvent } from '@kassa/event-store';
import { columnNames, orderedRowsSource, rowsParameters } from '../shared/column-types';
import { asDomainEvent, placeOf } from '../shared/domain-events';
import type { Projection } from '../shared/projection';
import { exceptionsOf } from './exceptions-of-event';
import { LEDGER_EXCEPTION_COLUMNS, type LedgerExceptionRow } from './ledger-exception-row';

export const EXCEPTIONS_PROJECTION_NAME = 'read-model.exceptions';

const COLUMNS = columnNames(LEDGER_EXCEPTION_COLUMNS).join(', ');

const INSERT_SQL = `
  INSERT INTO ledger_exceptions (${COLUMNS})
  SELECT ${COLUMNS} FROM ${orderedRowsSource(LEDGER_EXCEPTION_COLUMNS, 1)}
  ORDER BY ordinality
  ON CONFLICT (event_id, kind) DO NOTHING`;

function domainEventOf(recorded: RecordedEvent): DepositEvent | WithdrawalEvent | WithdrawalQueueEvent | PostbackQuarantined | null {
  // A suspense item raises one event-borne exception: a conflicting repeat quarantined. (Open items
  // are reported from the suspense_items read model, while they are open.)
  if (recorded.streamId.startsWith(SUSPENSE_STREAM_PREFIX)) return asDomainEvent<PostbackQuarantined>(recorded, ['PostbackQuarantined']);
  if (recorded.streamId.startsWith(DEPOSIT_STREAM_PREFIX)) return asDomainEvent<DepositEvent>(recorded, DEPOSIT_EVENT_TYPES);
  if (recorded.streamId.startsWith(WITHDRAWAL_STREAM_PREFIX)) return asDomainEvent<WithdrawalEvent>(recorded, WITHDRAWAL_EVENT_TYPES);
  if (recorded.streamId.startsWith(WITHDRAWAL_QUEUE_STREAM_PREFIX)) return asDomainEvent<WithdrawalQueueEvent>(recorded, WITHDRAWAL_QUEUE_EVENT_TYPES);
  return null;
}

/** `ledger_exceptions`: append-only, one INSERT per batch, idempotent by (event, kind). */
export const exceptionsProjection: Projection = {
  name: EXCEPTIONS_PROJECTION_NAME,
  streamPrefixes: [DEPOSIT_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX, WITHDRAWAL_QUEUE_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX],
  tables: ['ledger_exceptions'],
  async apply(events, manager) {
    const rows: LedgerExceptionRow[] = [];
    for (const recorded of events) {
      const event = domainEventOf(recorded);
      if (event !== null) rows.push(...exceptionsOf(event, placeOf(recorded)));
    }
    if (rows.length > 0) await manager.query(INSERT_SQL, rowsParameters(LEDGER_EXCEPTION_COLUMNS, rows));
  },
};
