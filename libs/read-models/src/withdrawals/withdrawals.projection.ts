import { WITHDRAWAL_EVENT_TYPES, WITHDRAWAL_STREAM_PREFIX, type WithdrawalEvent } from '@kassa/ledger';
import { streamRowProjection, type StreamRowModel } from '../shared/stream-row-projection';
import { WITHDRAWALS_TABLE, type WithdrawalRow } from './withdrawal-row';
import { evolveWithdrawalRow } from './withdrawal-row.evolve';

export const WITHDRAWALS_PROJECTION_NAME = 'read-model.withdrawals';

export const WITHDRAWALS_MODEL: StreamRowModel<WithdrawalRow, WithdrawalEvent> = {
  name: WITHDRAWALS_PROJECTION_NAME,
  streamPrefix: WITHDRAWAL_STREAM_PREFIX,
  table: WITHDRAWALS_TABLE,
  eventTypes: WITHDRAWAL_EVENT_TYPES,
  evolve: evolveWithdrawalRow,
};

/** `withdrawals`: one row per withdrawal stream. */
export const withdrawalsProjection = streamRowProjection(WITHDRAWALS_MODEL);
