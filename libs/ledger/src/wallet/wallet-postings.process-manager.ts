import { type EventMetadata, type EventStore, type ProcessManager, type RecordedEvent } from '@kassa/event-store';
import { eventsOf, executeCommand } from '../application/execute-command';
import { StateCache } from '../application/state-cache';
import type { Clock } from '../application/ledger-context';
import type { DepositEvent } from '../deposit/deposit.events';
import type { SuspenseEvent } from '../suspense/suspense.events';
import { DEPOSIT_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX, WALLET_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX, walletStreamId, withdrawalStreamId } from '@kassa/kernel';
import { requestWithdrawalFromHold, withdrawalRequestedEventId } from '../withdrawal/hold-to-request';
import { withdrawalDecider } from '../withdrawal/withdrawal.decider';
import type { WithdrawalEvent } from '../withdrawal/withdrawal.events';
import { walletDecider } from './wallet.decider';
import type { WalletCommand } from './wallet.commands';
import type { FundsHeld } from './wallet.events';
import type { WalletState } from './wallet.state';
import { walletEventId } from './wallet-event-id';
import { walletCommandFor } from './wallet.reactions';

export const WALLET_POSTINGS_PROCESS_MANAGER = 'wallet-postings';

/** The deposit and withdrawal events that move money on a wallet (walletCommandFor answers non-null). */
const WALLET_EFFECT_EVENT_TYPES = ['DepositCredited', 'WithdrawalSucceeded', 'WithdrawalFailed', 'WithdrawalRejected', 'WithdrawalResolvedByOperator', 'SuspenseAssigned'] as const;

/**
 * The durable repair between the order streams and the wallets (docs/architecture.md, invariant 6). The
 * requests write the wallet's side themselves before they answer (in the same transaction on
 * PostgreSQL); this catches what a crash between two appends left undone on a store that appends
 * streams one by one:
 * - a credited deposit credits the wallet, and so does a suspense item assigned to a player; a
 *   withdrawal's final event settles or releases its hold;
 * - a hold without its withdrawal stream gets its WithdrawalRequested.
 * Each wallet effect has the same event id whoever writes it (walletEventId) and every wallet command
 * is idempotent by deposit or withdrawal id, so finding the work done changes nothing.
 */
export class WalletPostingsProcessManager implements ProcessManager {
  readonly name = WALLET_POSTINGS_PROCESS_MANAGER;
  readonly streamPrefixes = [DEPOSIT_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX, WALLET_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX];
  readonly eventTypes = [...WALLET_EFFECT_EVENT_TYPES, 'FundsHeld'];

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** Postings on one wallet keep their order; different wallets are posted side by side. */
  orderKey(event: RecordedEvent): string {
    if (event.type === 'FundsHeld') return event.streamId; // the wallet's own stream
    const command = walletCommandFor(eventsOf<DepositEvent | WithdrawalEvent | SuspenseEvent>([event])[0]);
    return command === null ? event.streamId : walletStreamId(command.data);
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (event.type === 'FundsHeld') return this.ensureWithdrawalRequested(event);
    const [domainEvent] = eventsOf<DepositEvent | WithdrawalEvent | SuspenseEvent>([event]);
    const command = walletCommandFor(domainEvent);
    if (command === null) return;
    if (this.knownApplied(command)) return;
    await executeCommand(this.store, walletDecider, walletStreamId(command.data), command, {
      metadata: this.metadataCausedBy(event),
      now: () => this.clock.now().toISOString(),
      eventId: () => walletEventId(command),
    });
  }

  /**
   * Whether this process already saw the effect on the wallet (the request that caused it wrote it):
   * a credit, settlement or release once applied stays applied, so a remembered state that shows it,
   * however old, proves it without a read.
   */
  private knownApplied(command: WalletCommand): boolean {
    const remembered = StateCache.of(this.store).get<WalletState>(walletDecider, walletStreamId(command.data));
    if (!remembered) return false;
    try {
      return walletDecider.decide(command, remembered.state, this.clock.now().toISOString()).length === 0;
    } catch {
      return false; // refused on that state: let the command decide on the stream as it is
    }
  }

  /** Idempotent: the request handler normally wrote it already, with the same id and the same data. */
  private async ensureWithdrawalRequested(event: RecordedEvent): Promise<void> {
    const [held] = eventsOf<FundsHeld>([event]);
    const request = requestWithdrawalFromHold(held, event.metadata);
    if (request === null) {
      // Thrown, not skipped: the runner dead-letters it, and an operator decides what the hold is for.
      throw new Error(`hold ${event.id} for withdrawal ${held.data.withdrawalId} has no request details in its metadata`);
    }
    await executeCommand(this.store, withdrawalDecider, withdrawalStreamId(request.data.tenantId, request.data.withdrawalId), request, {
      metadata: this.metadataCausedBy(event),
      // The request is as old as its hold: the same time the request handler would have written.
      now: () => held.data.heldAt,
      eventId: () => withdrawalRequestedEventId(event.id),
    });
  }

  private metadataCausedBy(event: RecordedEvent): EventMetadata {
    return {
      tenantId: event.metadata.tenantId,
      correlationId: event.metadata.correlationId ?? event.id,
      causationId: event.id,
      actor: this.name,
    };
  }
}
