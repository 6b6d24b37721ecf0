import type { RecordedEvent } from '@kassa/event-store';
import {
  DEPOSIT_STREAM_PREFIX,
  SUSPENSE_STREAM_PREFIX,
  WITHDRAWAL_STREAM_PREFIX,
  type DepositStatus,
  type WithdrawalStatus,
} from '@kassa/ledger';
import type { DepositRow } from '../deposits/deposit-row';
import { toDepositView } from '../deposits/deposit.view';
import { DEPOSITS_MODEL } from '../deposits/deposits.projection';
import { foldStream } from '../shared/stream-row-projection';
import type { WithdrawalRow } from '../withdrawals/withdrawal-row';
import { toWithdrawalView } from '../withdrawals/withdrawal.view';
import { WITHDRAWALS_MODEL } from '../withdrawals/withdrawals.projection';
import type { SuspenseItemRow } from '../suspense/suspense-item-row';
import { toSuspenseItemView } from '../suspense/suspense-item.view';
import { SUSPENSE_ITEMS_MODEL } from '../suspense/suspense-items.projection';
import type { WebhookEventType } from '@kassa/ledger';

/** What every folded source object carries: its merchant and the version of the last event applied. */
export interface SourceState {
  readonly tenant_id: string;
  readonly last_stream_version: number;
}

/** One event applied to one object: its state after, and the webhook event it causes, if any. */
export interface SourceStep {
  readonly state: SourceState;
  readonly change: { readonly type: WebhookEventType; readonly data: object } | null;
}

/**
 * A kind of object that webhooks report (deposits, withdrawals, suspense items): how its stream folds
 * and which events are changes a merchant hears of. `data` is built with the same view its GET answers.
 */
export interface WebhookSource {
  readonly streamPrefix: string;
  step(state: SourceState | null, recorded: RecordedEvent): SourceStep;
}

/**
 * The deposit's status rule (depositStatusAfter, through the read model's evolver) decides. A change
 * of status is a webhook event; so is a second rejected activation, which keeps the status but is news.
 */
export function depositChangeType(before: DepositStatus | null, after: DepositStatus, eventType: string): WebhookEventType | null {
  const entered = before !== after || (eventType === 'ActivationRejected' && after === 'activation_rejected');
  if (!entered) return null;
  switch (after) {
    case 'awaiting_confirmation':
    case 'credited':
    case 'activation_rejected':
    case 'failed':
      return `deposit.${after}`;
    case 'created':
      return null;
  }
}

/** withdrawalStatusAfter decides; parking keeps the status requested but is its own event. */
export function withdrawalChangeType(before: WithdrawalStatus | null, after: WithdrawalStatus, eventType: string): WebhookEventType | null {
  if (eventType === 'WithdrawalSubmissionParked') return 'withdrawal.parked';
  if (before === after) return null;
  switch (after) {
    case 'submitted':
    case 'succeeded':
    case 'failed':
    case 'rejected':
      return `withdrawal.${after}`;
    case 'requested':
      return null;
  }
}

const depositSource: WebhookSource = {
  streamPrefix: DEPOSIT_STREAM_PREFIX,
  step(state, recorded) {
    const before = state as DepositRow | null;
    const after = folded(foldStream(DEPOSITS_MODEL, before, [recorded]), recorded);
    const type = depositChangeType(before?.status ?? null, after.status, recorded.type);
    return { state: after, change: type === null ? null : { type, data: toDepositView(after) } };
  },
};

const withdrawalSource: WebhookSource = {
  streamPrefix: WITHDRAWAL_STREAM_PREFIX,
  step(state, recorded) {
    const before = state as WithdrawalRow | null;
    const after = folded(foldStream(WITHDRAWALS_MODEL, before, [recorded]), recorded);
    const type = withdrawalChangeType(before?.status ?? null, after.status, recorded.type);
    return { state: after, change: type === null ? null : { type, data: toWithdrawalView(after) } };
  },
};

/** The suspense item as GET /v1/suspense/{id} answers it: credited, then assigned; a quarantined repeat is no news. */
const suspenseSource: WebhookSource = {
  streamPrefix: SUSPENSE_STREAM_PREFIX,
  step(state, recorded) {
    const before = state as SuspenseItemRow | null;
    const after = folded(foldStream(SUSPENSE_ITEMS_MODEL, before, [recorded]), recorded);
    const type: WebhookEventType | null = before === null ? 'suspense.credited' : before.status === 'open' && after.status === 'assigned' ? 'suspense.assigned' : null;
    return { state: after, change: type === null ? null : { type, data: toSuspenseItemView(after) } };
  },
};

export const WEBHOOK_SOURCES: readonly WebhookSource[] = [depositSource, withdrawalSource, suspenseSource];

export function sourceOf(streamId: string): WebhookSource | null {
  return WEBHOOK_SOURCES.find((source) => streamId.startsWith(source.streamPrefix)) ?? null;
}

function folded<Row>(row: Row | null, recorded: RecordedEvent): Row {
  if (row === null) throw new Error(`${recorded.streamId}: ${recorded.type} left no object`);
  return row;
}
