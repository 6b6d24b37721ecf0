import { DEPOSIT_EVENT_TYPES, DEPOSIT_STREAM_PREFIX, type DepositEvent } from '@kassa/ledger';
import { streamRowProjection, type StreamRowModel } from '../shared/stream-row-projection';
import { DEPOSITS_TABLE, type DepositRow } from './deposit-row';
import { evolveDepositRow } from './deposit-row.evolve';

export const DEPOSITS_PROJECTION_NAME = 'read-model.deposits';

export const DEPOSITS_MODEL: StreamRowModel<DepositRow, DepositEvent> = {
  name: DEPOSITS_PROJECTION_NAME,
  streamPrefix: DEPOSIT_STREAM_PREFIX,
  table: DEPOSITS_TABLE,
  eventTypes: DEPOSIT_EVENT_TYPES,
  evolve: evolveDepositRow,
};

/** `deposits`: one row per deposit stream. */
export const depositsProjection = streamRowProjection(DEPOSITS_MODEL);
