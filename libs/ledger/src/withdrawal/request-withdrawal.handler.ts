import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { getWalletType } from '@kassa/paykassma';
import { executeCommand } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, metadataFor, type RequestContext } from '../application/ledger-context';
import { invariant } from '../shared/domain-error';
import { walletStreamId, withdrawalStreamId } from '@kassa/kernel';
import { walletDecider } from '../wallet/wallet.decider';
import type { FundsHeld } from '../wallet/wallet.events';
import { holdFundsFor } from '../wallet/wallet.reactions';
import { holdMetadata, withdrawalRequestedEventId } from './hold-to-request';
import type { RequestWithdrawal } from './withdrawal.commands';
import { withdrawalDecider } from './withdrawal.decider';

/** Input already validated against the wallet catalogue (validateWithdrawal) at the edge. */
export interface RequestWithdrawalInput {
  readonly walletType: string;
  readonly label: string;
  readonly amountMinor: bigint;
  readonly accountNumber: string;
  readonly accountName: string | null;
  readonly bankCode: string | null;
}

export class RequestWithdrawalCommand {
  constructor(
    readonly input: RequestWithdrawalInput,
    readonly context: RequestContext,
  ) {}
}

/**
 * Holds the funds, then records the withdrawal. The hold is the balance check: one decision on the
 * player's wallet stream appended with an expected version and retried on conflict, so concurrent
 * withdrawals can never overdraw (docs/architecture.md, invariant 4). INSUFFICIENT_FUNDS propagates with
 * nothing written. Submission to the provider happens later, from the events (WithdrawalSubmitter).
 */
@CommandHandler(RequestWithdrawalCommand)
export class RequestWithdrawalHandler implements ICommandHandler<RequestWithdrawalCommand, string> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  async execute({ input, context }: RequestWithdrawalCommand): Promise<string> {
    const tenantId = this.settings.tenantId;
    const entry = getWalletType(input.walletType);
    // A v4 UUID is 36 characters: exactly the provider's withdrawal_id limit.
    const withdrawalId = randomUUID();
    const request: RequestWithdrawal = {
      type: 'RequestWithdrawal',
      data: {
        tenantId,
        withdrawalId,
        walletType: entry.walletType,
        currency: entry.currency,
        label: input.label,
        amountMinor: input.amountMinor,
        accountNumber: input.accountNumber,
        accountName: input.accountName,
        bankCode: input.bankCode,
      },
    };
    const metadata = metadataFor(tenantId, context);
    const now = () => this.clock.now().toISOString();

    const holdEventId = randomUUID();
    const hold = await executeCommand(
      this.store,
      walletDecider,
      walletStreamId({ tenantId, label: input.label, currency: entry.currency }),
      holdFundsFor(request),
      { metadata: holdMetadata(metadata, { accountName: input.accountName, bankCode: input.bankCode }), now, eventId: () => holdEventId },
    );
    const held = hold.appended[0] as FundsHeld | undefined;
    invariant(held?.type === 'FundsHeld', `hold of new withdrawal ${withdrawalId} appended nothing`);

    // If the process dies here, wallet-postings writes this same event (same id, same data) from FundsHeld.
    const streamId = withdrawalStreamId(tenantId, withdrawalId);
    await executeCommand(this.store, withdrawalDecider, streamId, request, {
      metadata: { ...metadata, causationId: holdEventId },
      now: () => held.data.heldAt,
      eventId: () => withdrawalRequestedEventId(holdEventId),
    });
    return withdrawalId;
  }
}
