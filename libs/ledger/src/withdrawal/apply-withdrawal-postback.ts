import type { EventStore } from '@kassa/event-store';
import { executeCommand, loadState } from '../application/execute-command';
import { type Clock, type LedgerSettings, metadataFor, type RequestContext } from '../application/ledger-context';
import { withdrawalStreamId } from '@kassa/kernel';
import type { ApplyWithdrawalPostback } from './withdrawal.commands';
import { withdrawalDecider } from './withdrawal.decider';
import type { WithdrawalEvent } from './withdrawal.events';

/** A verified outgoing postback (signature checked, amount already in minor units of `currency`). */
export interface WithdrawalPostbackRecord {
  readonly postbackId: string;
  readonly withdrawalId: string;
  /** `withdrawal_status`: 1 success, 5 fail, anything else unrecognized. */
  readonly status: number;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly comment: string | null;
  /** ISO-8601 UTC. */
  readonly receivedAt: string;
}

/**
 * What the postback did, for the inbox and the logs. Whatever it is, the provider gets 200 ok once
 * this returns: the outcome is recorded (or deliberately nothing was), so a resend changes nothing.
 */
export type WithdrawalPostbackOutcome =
  /** Status 1 or 5 applied: WithdrawalSucceeded / WithdrawalFailed; wallet-postings moves the hold. */
  | 'applied'
  /** Seen before (same status, amount, currency): nothing written. */
  | 'duplicate'
  /** Contradicts what was applied, or another amount/currency: PostbackQuarantined, nothing moves. */
  | 'quarantined'
  /** An undocumented status: WithdrawalStatusUnrecognized, nothing moves, reported. */
  | 'unrecognized_status'
  /** No withdrawal with this id: nothing written (the caller keeps the raw postback and reports it). */
  | 'unknown_withdrawal';

export async function applyWithdrawalPostback(
  store: EventStore,
  settings: Pick<LedgerSettings, 'tenantId'>,
  clock: Clock,
  record: WithdrawalPostbackRecord,
  context: RequestContext,
): Promise<WithdrawalPostbackOutcome> {
  const tenantId = settings.tenantId;
  const streamId = withdrawalStreamId(tenantId, record.withdrawalId);
  // Checked first so that an unknown id writes nothing (the decider's NOT_FOUND would say the same).
  const { state } = await loadState(store, withdrawalDecider, streamId);
  if (state.status === 'empty') return 'unknown_withdrawal';

  const command: ApplyWithdrawalPostback = {
    type: 'ApplyWithdrawalPostback',
    data: {
      tenantId,
      withdrawalId: record.withdrawalId,
      postbackId: record.postbackId,
      status: record.status,
      amountMinor: record.amountMinor,
      currency: record.currency,
      comment: record.comment,
      receivedAt: record.receivedAt,
    },
  };
  const result = await executeCommand(store, withdrawalDecider, streamId, command, {
    metadata: metadataFor(tenantId, context),
    now: () => clock.now().toISOString(),
  });
  return outcomeOf(result.appended);
}

function outcomeOf(appended: readonly WithdrawalEvent[]): WithdrawalPostbackOutcome {
  const event = appended[0];
  if (event === undefined) return 'duplicate';
  switch (event.type) {
    case 'WithdrawalSucceeded':
    case 'WithdrawalFailed':
      return 'applied';
    case 'PostbackQuarantined':
      return 'quarantined';
    case 'WithdrawalStatusUnrecognized':
      return 'unrecognized_status';
    default:
      throw new Error(`a withdrawal postback produced ${event.type}`);
  }
}
