import type { EventStore } from '@kassa/event-store';
import { loadState } from '../application/execute-command';
import { StateCache } from '../application/state-cache';
import { StreamTurns } from '../application/stream-turns';
import { type Clock, metadataFor, type RequestContext } from '../application/ledger-context';
import type { UnitOfWork } from '../application/unit-of-work';
import { depositStreamId, providerTransactionStreamId, suspenseItemId, suspenseStreamId, unmatchedDepositId, walletStreamId } from '@kassa/kernel';
import type { LedgerSettings } from '../application/ledger-context';
import { suspenseDecider, type SuspenseState } from '../suspense/suspense.decider';
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
  /**
   * Top-level and unsigned: for an order we never opened, the player credited when the merchant's
   * unmatchedCredits is "label" (flagged unmatched); with "suspense", only a hint kept on the item.
   */
  readonly unsignedLabel: string | null;
}

/**
 * unassignable: an order we never opened that nothing can take (no label to credit, or an amount
 * that is not positive for suspense); nothing is written but the claim, finance is told (the inbox).
 */
export type DepositPostbackOutcome = 'applied' | 'duplicate' | 'quarantined' | 'unassignable';

export interface DepositPostbackResult {
  readonly outcome: DepositPostbackOutcome;
  /** The deposit the provider transaction was claimed for (for a suspense item, the unmatched id it was claimed under). */
  readonly depositId: string;
  readonly unmatched: boolean;
  /** Set when the money went to (or was already in) the merchant's suspense account. */
  readonly suspenseItemId?: string;
  /** Why an unassignable record was not taken. */
  readonly reason?: 'unmatched_without_label' | 'amount_not_positive';
}

export interface DepositPostbackDependencies {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly tenantId: string;
  /** What a signed postback for an order we never opened credits (the merchant's setting). */
  readonly unmatchedCredits: LedgerSettings['unmatchedCredits'];
}

/**
 * How long a postback waits for an activation of its deposit in flight in this process (the provider
 * may post back before its answer to the activation is recorded). Longer only when the provider's
 * answer itself is slow; past it the postback goes on, and the expected version still decides.
 */
const ACTIVATION_TURN_WAIT_MS = 1_000;

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
 * The deposit is found through plugin_custom_order_id (our id). The claim, first come first served,
 * names the deposit for good: it is decided on an unread stream first (a transaction's first
 * postback is the common case), and a repeat fails the append and is decided again on what is stored.
 * A postback for an order we never opened goes to the merchant's suspense account (never to the
 * unsigned label) unless the merchant's unmatchedCredits is "label", which credits the label,
 * flagged unmatched. Whichever took a provider transaction first keeps it, whatever the setting says
 * later. Repeats append nothing but a missing wallet credit (the repair of a crash between two
 * appends on a store that appends streams one by one); conflicts are quarantined.
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
  const depositStream = depositStreamId(deps.tenantId, depositId);

  const { pluginCustomOrderId, unsignedLabel, ...postback } = record;
  // Decided after the activation's answer is recorded (SubmitActivationHandler holds the turn), not on the version before it.
  await StreamTurns.of(deps.store).whenFree(depositStream, ACTIVATION_TURN_WAIT_MS);
  // An order we opened (or an unmatched credit to a label, from before) takes the postback as any deposit.
  let deposit = await unit.execute(depositDecider, depositStream, (state: DepositState): DepositCommand | null => (
    state.status === 'empty' ? null : { type: 'ApplyDepositPostback', data: { tenantId: deps.tenantId, depositId, ...postback } }
  ), { metadata, now });

  if (deposit.state.status === 'empty') {
    const suspense = await creditSuspense(unit, deps, record, { metadata, now });
    if (suspense !== null) return suspense;
    if (!unsignedLabel) return { outcome: 'unassignable', depositId, unmatched: true, reason: 'unmatched_without_label' };
    deposit = await unit.execute(depositDecider, depositStream, {
      type: 'CreditUnmatchedDeposit',
      data: { tenantId: deps.tenantId, depositId, ...postback, label: unsignedLabel, pluginCustomOrderId },
    }, { metadata, now });
  }

  const credit = walletCommandForDeposit(deposit.state);
  if (credit !== null) {
    await unit.execute(walletDecider, walletStreamId(credit.data), credit, { metadata, now, eventId: () => walletEventId(credit), takeTurns: true });
  }
  const unmatched = deposit.state.status !== 'empty' && deposit.state.unmatched;
  const types = deposit.decided.map((event) => event.type);
  const outcome: DepositPostbackOutcome = types.includes('DepositCredited') ? 'applied' : types.includes('PostbackQuarantined') ? 'quarantined' : 'duplicate';
  return { outcome, depositId, unmatched };
}

/**
 * The suspense side of a postback for an order we never opened: the item's credit (or, for a repeat,
 * nothing, and for a conflicting repeat a quarantine) when the merchant takes unmatched credits into
 * suspense or the transaction already opened an item. Null: the label path decides.
 */
async function creditSuspense(
  unit: UnitOfWork,
  deps: DepositPostbackDependencies,
  record: VerifiedDepositRecord,
  options: { metadata: ReturnType<typeof metadataFor>; now: () => string },
): Promise<DepositPostbackResult | null> {
  const depositId = unmatchedDepositId(record.walletType, record.transactionId);
  const itemId = suspenseItemId(deps.tenantId, record.walletType, record.transactionId);
  const intoSuspense = deps.unmatchedCredits === 'suspense';
  let refusedAmount = false;
  const commandFor = (state: SuspenseState) => {
    if (state.status === 'empty' && !intoSuspense) return null;
    refusedAmount = state.status === 'empty' && record.amountMinor <= 0n;
    if (refusedAmount) return null;
    return {
      type: 'CreditSuspense' as const,
      data: {
        tenantId: deps.tenantId,
        itemId,
        walletType: record.walletType,
        currency: record.currency,
        amountMinor: record.amountMinor,
        transactionId: record.transactionId,
        postbackId: record.postbackId,
        unsignedLabel: record.unsignedLabel,
        receivedAt: record.receivedAt,
      },
    };
  };
  // A suspense merchant's first postback for the transaction finds no item: decided without a read (as the claim).
  const item = await unit.execute(suspenseDecider, suspenseStreamId(deps.tenantId, itemId), commandFor, { ...options, assumeNew: intoSuspense });
  if (refusedAmount) return { outcome: 'unassignable', depositId, unmatched: true, suspenseItemId: itemId, reason: 'amount_not_positive' };
  if (item.state.status === 'empty') return null;
  const types = item.decided.map((event) => event.type);
  const outcome: DepositPostbackOutcome = types.includes('SuspenseCredited') ? 'applied' : types.includes('PostbackQuarantined') ? 'quarantined' : 'duplicate';
  return { outcome, depositId, unmatched: true, suspenseItemId: itemId };
}
