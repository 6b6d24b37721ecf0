import type { EventStore } from '@kassa/event-store';
import { loadState } from '../application/execute-command';
import { StateCache } from '../application/state-cache';
import { type Clock, metadataFor, type RequestContext } from '../application/ledger-context';
import type { UnitOfWork } from '../application/unit-of-work';
import { depositStreamId, providerTransactionStreamId, unmatchedDepositId, walletStreamId } from '@kassa/kernel';
import { walletDecider } from '../wallet/wallet.decider';
import { walletEventId } from '../wallet/wallet-event-id';
import { walletCommandForDeposit } from '../wallet/wallet.reactions';
import type { DepositCommand, DepositPostback } from './deposit.commands';
import { depositDecider } from './deposit.decider';
import type { DepositState } from './deposit.state';
import { depositIdFromCustomOrderId } from './custom-transaction-id';
import { providerTransactionDecider } from './provider-transaction.decider';

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

export interface DepositPostbackDependencies {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly tenantId: string;
}

/** Whether we opened this deposit: its state (remembered, or read once and then remembered) says. */
async function depositOpened(store: EventStore, streamId: string): Promise<boolean> {
  const { state } = StateCache.of(store).get<DepositState>(depositDecider, streamId) ?? (await loadState(store, depositDecider, streamId));
  return state.status !== 'empty';
}

/**
 * Decides one signed deposit record into `unit`: the claim of the provider transaction, the
 * deposit's events, and the wallet's credit, which all commit together (one transaction where the
 * store allows), so that the balance includes the credit by the time the postback is acknowledged.
 *
 * The deposit is found through plugin_custom_order_id (our id); a postback for an order we never
 * opened credits under the unsigned label, flagged unmatched. The claim, first come first served,
 * names the deposit for good: it is decided on an unread stream first (a transaction's first
 * postback is the common case), and a repeat fails the append and is decided again on what is stored.
 * Repeats append nothing but a missing wallet credit (the repair of a crash between two appends on
 * a store that appends streams one by one); conflicts are quarantined.
 */
export async function decideDepositPostback(unit: UnitOfWork, deps: DepositPostbackDependencies, record: VerifiedDepositRecord, context: RequestContext): Promise<DepositPostbackResult> {
  const metadata = metadataFor(deps.tenantId, context);
  const now = () => deps.clock.now().toISOString();
  const orderId = depositIdFromCustomOrderId(record.pluginCustomOrderId);
  const opened = orderId !== null && (await depositOpened(deps.store, depositStreamId(deps.tenantId, orderId)));
  const candidate = opened && orderId !== null ? orderId : unmatchedDepositId(record.walletType, record.transactionId);

  const { state: claim } = await unit.execute(
    providerTransactionDecider,
    providerTransactionStreamId(deps.tenantId, record.walletType, record.transactionId),
    { type: 'ClaimProviderTransaction', data: { tenantId: deps.tenantId, walletType: record.walletType, transactionId: record.transactionId, depositId: candidate, postbackId: record.postbackId } },
    { metadata, now, assumeNew: true },
  );
  const depositId = claim.depositId as string;

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
  const deposit = await unit.execute(depositDecider, depositStreamId(deps.tenantId, depositId), commandFor, { metadata, now });
  if (unassignable) return { outcome: 'unassignable', depositId, unmatched: true };

  const credit = walletCommandForDeposit(deposit.state);
  if (credit !== null) {
    await unit.execute(walletDecider, walletStreamId(credit.data), credit, { metadata, now, eventId: () => walletEventId(credit), takeTurns: true });
  }
  const unmatched = deposit.state.status !== 'empty' && deposit.state.unmatched;
  const types = deposit.decided.map((event) => event.type);
  const outcome: DepositPostbackOutcome = types.includes('DepositCredited') ? 'applied' : types.includes('PostbackQuarantined') ? 'quarantined' : 'duplicate';
  return { outcome, depositId, unmatched };
}
