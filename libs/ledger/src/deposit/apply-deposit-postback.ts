import { randomUUID } from 'node:crypto';
import { type EventStore, WrongExpectedVersionError } from '@kassa/event-store';
import { executeCommand } from '../application/execute-command';
import { type Clock, metadataFor, type RequestContext } from '../application/ledger-context';
import { depositStreamId, providerTransactionStreamId, unmatchedDepositId } from '../shared/stream-ids';
import type { DepositPostback } from './deposit.commands';
import { depositDecider } from './deposit.decider';
import { depositIdFromCustomOrderId } from './custom-transaction-id';

/** One verified `additional_data` element of an ingoing postback. */
export interface VerifiedDepositRecord extends Omit<DepositPostback, 'receivedAt'> {
  readonly pluginCustomOrderId: string | null;
  /** Top-level and unsigned: used only to address a deposit we never opened (flagged unmatched). */
  readonly unsignedLabel: string | null;
  readonly receivedAt: string;
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

async function streamExists(store: EventStore, streamId: string): Promise<boolean> {
  return (await store.readStream(streamId, 0, 1)).length > 0;
}

/**
 * Binds the provider transaction to one deposit, first come first served, and returns that deposit.
 * The binding is the first event of the transaction's own stream (expected version: no stream).
 */
async function claimProviderTransaction(deps: Dependencies, record: VerifiedDepositRecord, candidateDepositId: string, context: RequestContext): Promise<string> {
  const streamId = providerTransactionStreamId(deps.tenantId, record.walletType, record.transactionId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [claim] = await deps.store.readStream(streamId, 0, 1);
    if (claim) return String(claim.data.depositId);
    try {
      await deps.store.append(streamId, [{
        id: randomUUID(),
        type: 'ProviderTransactionClaimed',
        data: {
          tenantId: deps.tenantId,
          walletType: record.walletType,
          transactionId: record.transactionId,
          depositId: candidateDepositId,
          postbackId: record.postbackId,
          claimedAt: deps.clock.now().toISOString(),
        },
        metadata: metadataFor(deps.tenantId, context),
      }], 'no_stream');
      return candidateDepositId;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
  throw new Error(`could not claim provider transaction ${record.walletType}/${record.transactionId}`);
}

/**
 * Applies one signed deposit record. The deposit is found through plugin_custom_order_id (our id);
 * a postback for an order we never opened still credits the player under the unsigned label and is
 * flagged unmatched. Repeats, concurrent or not, append nothing; conflicts are quarantined.
 */
export async function applyDepositPostback(deps: Dependencies, record: VerifiedDepositRecord, context: RequestContext): Promise<DepositPostbackResult> {
  const orderId = depositIdFromCustomOrderId(record.pluginCustomOrderId);
  const opened = orderId !== null && (await streamExists(deps.store, depositStreamId(deps.tenantId, orderId)));
  const candidate = opened && orderId !== null ? orderId : unmatchedDepositId(record.walletType, record.transactionId);
  const depositId = await claimProviderTransaction(deps, record, candidate, context);
  const streamId = depositStreamId(deps.tenantId, depositId);
  const options = { metadata: metadataFor(deps.tenantId, context), now: () => deps.clock.now().toISOString() };
  const postback: DepositPostback = {
    postbackId: record.postbackId,
    walletType: record.walletType,
    transactionId: record.transactionId,
    amountMinor: record.amountMinor,
    currency: record.currency,
    stockpilingId: record.stockpilingId,
    activatedDatetime: record.activatedDatetime,
    exchangerIdentifier: record.exchangerIdentifier,
    convertedUsd: record.convertedUsd,
    receivedAt: record.receivedAt,
  };
  const unmatched = !(await streamExists(deps.store, streamId));
  if (unmatched && !record.unsignedLabel) return { outcome: 'unassignable', depositId, unmatched: true };
  const result = unmatched
    ? await executeCommand(deps.store, depositDecider, streamId, {
        type: 'CreditUnmatchedDeposit',
        data: { tenantId: deps.tenantId, depositId, ...postback, label: record.unsignedLabel ?? '', pluginCustomOrderId: record.pluginCustomOrderId },
      }, options)
    : await executeCommand(deps.store, depositDecider, streamId, { type: 'ApplyDepositPostback', data: { tenantId: deps.tenantId, depositId, ...postback } }, options);
  const types = result.appended.map((event) => event.type);
  const outcome: DepositPostbackOutcome = types.includes('DepositCredited') ? 'applied' : types.includes('PostbackQuarantined') ? 'quarantined' : 'duplicate';
  return { outcome, depositId, unmatched: unmatched || result.state.status === 'credited' && result.state.unmatched };
}
