import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore, RecordedEvent } from '@kassa/event-store';
import { walletStreamId } from '@kassa/kernel';
import { eventsOf, executeCommand } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, metadataFor, type RequestContext } from '../application/ledger-context';
import { StateCache } from '../application/state-cache';
import type { DepositEvent } from '../deposit/deposit.events';
import type { SuspenseEvent } from '../suspense/suspense.events';
import type { WithdrawalEvent } from '../withdrawal/withdrawal.events';
import type { WalletCommand } from './wallet.commands';
import { walletDecider } from './wallet.decider';
import { walletEventId } from './wallet-event-id';
import { walletCommandFor } from './wallet.reactions';
import type { WalletState } from './wallet.state';

/** A deposit, withdrawal or suspense event whose wallet effect must be on the wallet (credit, settlement, release). */
export class PostWalletEffectCommand {
  constructor(
    readonly cause: RecordedEvent,
    readonly context: RequestContext,
  ) {}
}

/**
 * Writes the wallet effect an order event calls for, once: the effect has the same event id whoever
 * writes it (walletEventId) and every wallet command is idempotent by deposit or withdrawal id, so
 * finding it done (the request that caused it usually wrote it) changes nothing.
 */
@CommandHandler(PostWalletEffectCommand)
export class PostWalletEffectHandler implements ICommandHandler<PostWalletEffectCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ cause, context }: PostWalletEffectCommand): Promise<void> {
    const command = walletCommandFor(eventsOf<DepositEvent | WithdrawalEvent | SuspenseEvent>([cause])[0]);
    if (command === null || this.knownApplied(command)) return;
    await executeCommand(this.store, walletDecider, walletStreamId(command.data), command, {
      metadata: metadataFor(cause.metadata.tenantId, context),
      now: () => this.clock.now().toISOString(),
      eventId: () => walletEventId(command),
    });
  }

  /**
   * Whether this process already saw the effect on the wallet: a credit, settlement or release once
   * applied stays applied, so a remembered state that shows it, however old, proves it without a read.
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
}
