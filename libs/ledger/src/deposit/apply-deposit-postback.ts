import { randomUUID } from 'node:crypto';
import { type EventStore, WrongExpectedVersionError } from '@kassa/event-store';
import { executeCommand, loadState } from '../application/execute-command';
import { StateCache } from '../application/state-cache';
import { type Clock, metadataFor, type RequestContext } from '../application/ledger-context';
import { depositStreamId, providerTransactionStreamId, unmatchedDepositId } from '@kassa/kernel';
import type { DepositCommand, DepositPostback } from './deposit.commands';
import { depositDecider } from './deposit.decider';
import type { DepositState } from './deposit.state';
import { depositIdFromCustomOrderId } from './custom-transaction-id';

/** One verified `additional_data` element of an ingoing postback. */
export interface VerifiedDepositRecord extends DepositPostback {
  readonly pluginCustomOrderId: string | null;
  /** Top-level and unsigned: used only to address a deposit we never opened (flagged unmatched). */
  readonly unsignedLabel: string | null;
}

/** unassignable: an order we never opened and no label to credit; nothing is written, finance is told. */
export type DepositPostbackOutcome = 'applied' | 'duplicate' | 'quarantined' | 'unassignable';

export interface DepositPostbackResult {
  readonly outcome: DepositPostbackOutcome;
  readonly depositId: string;
  readonly unmatched: boolean;
}

interface Dependencies {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly tenantId: string;
}

/**
 * The deposit a provider transaction belongs to, first come first served: the first event of the
 * transaction's own stream (appended with expected version "no stream") names it for good. The
 * claim is attempted without reading its stream first, since a transaction's first postback is the
 * common case; a repeat finds the claim taken and reads whom it names.
 */
async function claimedDeposit(deps: Dependencies, record: VerifiedDepositRecord, context: RequestContext): Promise<string> {
  const streamId = providerTransactionStreamId(deps.tenantId, record.walletType, record.transactionId);
  const orderId = depositIdFromCustomOrderId(record.pluginCustomOrderId);
  const opened = orderId !== null && (await depositOpened(deps.store, depositStreamId(deps.tenantId, orderId)));
  const depositId = opened && orderId !== null ? orderId : unmatchedDepositId(record.walletType, record.transactionId);
  try {
    await deps.store.append(streamId, [{
      id: randomUUID(),
      type: 'ProviderTransactionClaimed',
      data: {
        tenantId: deps.tenantId,
        walletType: record.walletType,
        transactionId: record.transactionId,
        depositId,
        postbackId: record.postbackId,
        claimedAt: deps.clock.now().toISOString(),
      },
      metadata: metadataFor(deps.tenantId, context),
    }], 'no_stream');
    return depositId;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
  }
  const [claim] = await deps.store.readStream(streamId, 0, 1);
  if (!claim) throw new Error(`provider transaction ${record.walletType}/${record.transactionId}: claimed, yet no claim to read`);
  return String(claim.data.depositId);
}

/** Whether we opened this deposit: its state (remembered, or read once and then remembered) says. */
async function depositOpened(store: EventStore, streamId: string): Promise<boolean> {
  const { state } = StateCache.of(store).get<DepositState>(depositDecider, streamId) ?? (await loadState(store, depositDecider, streamId));
  return state.status !== 'empty';
}

/**
 * Applies one signed deposit record. The deposit is found through plugin_custom_order_id (our id);
 * a postback for an order we never opened still credits the player under the unsigned label and is
 * flagged unmatched. Repeats, concurrent or not, append nothing; conflicts are quarantined.
 */
export async function applyDepositPostback(deps: Dependencies, record: VerifiedDepositRecord, context: RequestContext): Promise<DepositPostbackResult> {
  const depositId = await claimedDeposit(deps, record, context);
  const { pluginCustomOrderId, unsignedLabel, ...postback } = record;
  let unassignable = false;
  // The command depends on the stream: an order we opened takes the postback; no stream means we
  // never opened one, and the postback starts it (and credits) if it says whom to credit.
  const commandFor = (state: DepositState): DepositCommand | null => {
    unassignable = state.status === 'empty' && !unsignedLabel;
    if (state.status !== 'empty') return { type: 'ApplyDepositPostback', data: { tenantId: deps.tenantId, depositId, ...postback } };
    if (!unsignedLabel) return null;
    return { type: 'CreditUnmatchedDeposit', data: { tenantId: deps.tenantId, depositId, ...postback, label: unsignedLabel, pluginCustomOrderId } };
  };
  const result = await executeCommand(deps.store, depositDecider, depositStreamId(deps.tenantId, depositId), commandFor, {
    metadata: metadataFor(deps.tenantId, context),
    now: () => deps.clock.now().toISOString(),
  });
  const unmatched = result.state.status !== 'empty' && result.state.unmatched;
  if (unassignable) return { outcome: 'unassignable', depositId, unmatched: true };
  const types = result.appended.map((event) => event.type);
  const outcome: DepositPostbackOutcome = types.includes('DepositCredited') ? 'applied' : types.includes('PostbackQuarantined') ? 'quarantined' : 'duplicate';
  return { outcome, depositId, unmatched };
}
