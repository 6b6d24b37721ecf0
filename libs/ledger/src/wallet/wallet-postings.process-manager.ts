import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ProcessManager, RecordedEvent } from '@kassa/event-store';
import { DEPOSIT_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX, WALLET_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX, walletStreamId } from '@kassa/kernel';
import { eventsOf } from '../application/execute-command';
import { causedBy } from '../application/ledger-context';
import type { DepositEvent } from '../deposit/deposit.events';
import type { SuspenseEvent } from '../suspense/suspense.events';
import { RequestWithdrawalFromHoldCommand } from '../withdrawal/request-withdrawal-from-hold.handler';
import type { WithdrawalEvent } from '../withdrawal/withdrawal.events';
import { PostWalletEffectCommand } from './post-wallet-effect.handler';
import { walletCommandFor } from './wallet.reactions';

export const WALLET_POSTINGS_PROCESS_MANAGER = 'wallet-postings';

/** The deposit, withdrawal and suspense events that move money on a wallet (walletCommandFor answers non-null). */
const WALLET_EFFECT_EVENT_TYPES = ['DepositCredited', 'WithdrawalSucceeded', 'WithdrawalFailed', 'WithdrawalRejected', 'WithdrawalResolvedByOperator', 'SuspenseAssigned'] as const;

/**
 * The durable repair between the order streams and the wallets (docs/architecture.md, invariant 6). The
 * requests write the wallet's side themselves before they answer (in the same transaction on
 * PostgreSQL); this catches what a crash between two appends left undone on a store that appends
 * streams one by one, by dispatching the command for it:
 * - a credited deposit credits the wallet, and so does a suspense item assigned to a player; a
 *   withdrawal's final event settles or releases its hold (PostWalletEffectCommand);
 * - a hold without its withdrawal stream gets its WithdrawalRequested (RequestWithdrawalFromHoldCommand).
 * Both are idempotent, so finding the work done changes nothing.
 */
@Injectable()
export class WalletPostingsProcessManager implements ProcessManager {
  readonly name = WALLET_POSTINGS_PROCESS_MANAGER;
  readonly streamPrefixes = [DEPOSIT_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX, WALLET_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX];
  readonly eventTypes = [...WALLET_EFFECT_EVENT_TYPES, 'FundsHeld'];

  constructor(private readonly commands: CommandBus) {}

  /** Postings on one wallet keep their order; different wallets are posted side by side. */
  orderKey(event: RecordedEvent): string {
    if (event.type === 'FundsHeld') return event.streamId; // the wallet's own stream
    const command = walletCommandFor(eventsOf<DepositEvent | WithdrawalEvent | SuspenseEvent>([event])[0]);
    return command === null ? event.streamId : walletStreamId(command.data);
  }

  async handle(event: RecordedEvent): Promise<void> {
    const context = causedBy(event, this.name);
    if (event.type === 'FundsHeld') return this.commands.execute(new RequestWithdrawalFromHoldCommand(event, context));
    return this.commands.execute(new PostWalletEffectCommand(event, context));
  }
}
