import type { EventStore } from '@kassa/event-store';
import { loadState } from '../application/execute-command';
import { type Clock, type LedgerSettings, metadataFor, type RequestContext } from '../application/ledger-context';
import { inOneUnit, type UnitOfWork } from '../application/unit-of-work';
import { walletStreamId, withdrawalStreamId } from '@kassa/kernel';
import { walletDecider } from '../wallet/wallet.decider';
import { walletEventId } from '../wallet/wallet-event-id';
import { walletCommandForWithdrawal } from '../wallet/wallet.reactions';
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
  /** Status 1 or 5 applied: WithdrawalSucceeded / WithdrawalFailed, and the hold settled or released with it. */
  | 'applied'
  /** Seen before (same status, amount, currency): nothing written. */
  | 'duplicate'
  /** Contradicts what was applied, or another amount/currency: PostbackQuarantined, nothing moves. */
  | 'quarantined'
  /** An undocumented status: WithdrawalStatusUnrecognized, nothing moves, reported. */
  | 'unrecognized_status'
  /** No withdrawal with this id: nothing written (the caller keeps the raw postback and reports it). */
  | 'unknown_withdrawal';

/**
 * Decides one signed withdrawal record into `unit`: the withdrawal's event and, for a final status,
 * the wallet's settlement or release, which commit together, so that the balance shows it by the
 * time the postback is acknowledged. Repeats append nothing but a missing wallet effect (the repair
 * of a crash between two appends on a store that appends streams one by one).
 */
export async function decideWithdrawalPostback(
  unit: UnitOfWork,
  deps: { readonly store: EventStore; readonly clock: Clock; readonly tenantId: string },
  record: WithdrawalPostbackRecord,
  context: RequestContext,
): Promise<WithdrawalPostbackOutcome> {
  const { tenantId } = deps;
  const streamId = withdrawalStreamId(tenantId, record.withdrawalId);
  // Checked first so that an unknown id writes nothing (the decider's NOT_FOUND would say the same).
  const { state } = await loadState(deps.store, withdrawalDecider, streamId);
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
  const metadata = metadataFor(tenantId, context);
  const now = () => deps.clock.now().toISOString();
  const withdrawal = await unit.execute(withdrawalDecider, streamId, command, { metadata, now });
  const effect = walletCommandForWithdrawal(withdrawal.state);
  if (effect !== null) {
    await unit.execute(walletDecider, walletStreamId(effect.data), effect, { metadata, now, eventId: () => walletEventId(effect), takeTurns: true });
  }
  return outcomeOf(withdrawal.decided);
}

/** One record on its own, committed before it returns (tests and tools; the postback endpoint sends a command). */
export function applyWithdrawalPostback(
  store: EventStore,
  settings: Pick<LedgerSettings, 'tenantId'>,
  clock: Clock,
  record: WithdrawalPostbackRecord,
  context: RequestContext,
): Promise<WithdrawalPostbackOutcome> {
  return inOneUnit(store, (unit) => decideWithdrawalPostback(unit, { store, clock, tenantId: settings.tenantId }, record, context));
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
