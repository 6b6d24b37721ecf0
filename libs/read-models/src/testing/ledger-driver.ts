import { randomUUID } from 'node:crypto';
import type { EventStore } from '@kassa/event-store';
import {
  depositDecider,
  depositStreamId,
  fold,
  holdFundsFor,
  suspenseDecider,
  suspenseItemId,
  suspenseStreamId,
  unmatchedDepositId,
  walletCommandFor,
  walletDecider,
  walletStreamId,
  withdrawalDecider,
  withdrawalStreamId,
  type ActivationAnswer,
  type Decider,
  type DepositEvent,
  type DomainEvent,
  type RequestWithdrawal,
  type SubmissionAnswer,
  type SuspenseEvent,
  type WalletCommand,
  type WithdrawalEvent,
  type SuspenseCommand,
} from '@kassa/ledger';
import type { TestClock } from './test-clock';

export interface DepositOrder {
  readonly depositId: string;
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly requestedAmountMinor?: bigint | null;
  /** The provider refused to create: DepositCreationFailed instead of WalletDetailsIssued. */
  readonly refusedWith?: string;
}

export interface PostbackFacts {
  readonly walletType: string;
  readonly currency: string;
  readonly transactionId: string;
  readonly amountMinor: bigint;
  readonly postbackId?: string;
}

export type WithdrawalOrder = Omit<RequestWithdrawal['data'], 'tenantId' | 'accountName' | 'bankCode'> & {
  readonly accountName?: string | null;
  readonly bankCode?: string | null;
};

/**
 * Test-only: drives the REAL deciders against the REAL event store the way command handlers and the
 * wallet process manager will: load the stream, fold, decide at the clock's time, append with the
 * expected version; then the wallet command that follows (walletCommandFor) on the wallet stream.
 */
export class LedgerDriver {
  constructor(
    private readonly store: EventStore,
    readonly clock: TestClock,
    readonly tenantId = 'merchant-1',
  ) {}

  async openDeposit(order: DepositOrder): Promise<DepositEvent[]> {
    const answer =
      order.refusedWith === undefined
        ? { status: 'issued' as const, walletDetails: { 'Wallet number': '03001234567', 'Account title': 'Kassa Ltd' }, paymentUrl: `https://plugin.example/pay?custom_transaction_id=${order.depositId}` }
        : { status: 'refused' as const, reason: order.refusedWith };
    return this.onDeposit(order.depositId, {
      type: 'OpenDeposit',
      data: {
        tenantId: this.tenantId,
        depositId: order.depositId,
        walletType: order.walletType,
        currency: order.currency,
        label: order.label,
        requestedAmountMinor: order.requestedAmountMinor ?? null,
        lang: 'en',
        answer,
      },
    });
  }

  async submitActivation(depositId: string, transactionId: string, amountMinor: bigint): Promise<DepositEvent[]> {
    return this.onDeposit(depositId, { type: 'SubmitActivation', data: { tenantId: this.tenantId, depositId, transactionId, amountMinor, screenshot: null } });
  }

  async answerActivation(depositId: string, attempt: number, answer: ActivationAnswer): Promise<DepositEvent[]> {
    return this.onDeposit(depositId, { type: 'RecordActivationAnswer', data: { tenantId: this.tenantId, depositId, attempt, answer } });
  }

  /** A verified deposit postback, then the wallet credit it causes. */
  async depositPostback(depositId: string, postback: PostbackFacts): Promise<DepositEvent[]> {
    return this.onDeposit(depositId, { type: 'ApplyDepositPostback', data: { tenantId: this.tenantId, depositId, ...this.postbackData(postback) } });
  }

  /** A signed postback for an order nobody opened; answers the deposit id it lands on. */
  async unmatchedPostback(label: string, postback: PostbackFacts): Promise<string> {
    const depositId = unmatchedDepositId(postback.walletType, postback.transactionId);
    await this.onDeposit(depositId, {
      type: 'CreditUnmatchedDeposit',
      data: { tenantId: this.tenantId, depositId, label, pluginCustomOrderId: null, ...this.postbackData(postback) },
    });
    return depositId;
  }

  /** A signed postback for an order nobody opened, at a merchant that takes it into suspense; answers the item id. */
  async suspensePostback(postback: PostbackFacts, unsignedLabel: string | null = null): Promise<string> {
    const itemId = suspenseItemId(this.tenantId, postback.walletType, postback.transactionId);
    const { postbackId, walletType, transactionId, amountMinor, currency, receivedAt } = this.postbackData(postback);
    await this.onSuspense(itemId, {
      type: 'CreditSuspense',
      data: { tenantId: this.tenantId, itemId, walletType, currency, amountMinor, transactionId, postbackId, unsignedLabel, receivedAt },
    });
    return itemId;
  }

  /** Finance gives the item to a player: the assignment, then the player's credit. */
  async assignSuspense(itemId: string, label: string, assignedBy = 'finance-key'): Promise<SuspenseEvent[]> {
    return this.onSuspense(itemId, { type: 'AssignSuspense', data: { tenantId: this.tenantId, itemId, label, assignedBy } });
  }

  /** The hold on the wallet (the balance check), then the withdrawal's own first event. */
  async requestWithdrawal(order: WithdrawalOrder): Promise<WithdrawalEvent[]> {
    const request: RequestWithdrawal = {
      type: 'RequestWithdrawal',
      data: { ...order, tenantId: this.tenantId, accountName: order.accountName ?? null, bankCode: order.bankCode ?? null },
    };
    await this.onWallet(holdFundsFor(request));
    return this.onWithdrawal(order.withdrawalId, request);
  }

  async submission(withdrawalId: string, answer: SubmissionAnswer): Promise<WithdrawalEvent[]> {
    return this.onWithdrawal(withdrawalId, { type: 'RecordSubmissionAttempt', data: { tenantId: this.tenantId, withdrawalId, answer } });
  }

  async withdrawalPostback(withdrawalId: string, status: number, amountMinor: bigint, currency: string): Promise<WithdrawalEvent[]> {
    return this.onWithdrawal(withdrawalId, {
      type: 'ApplyWithdrawalPostback',
      data: { tenantId: this.tenantId, withdrawalId, postbackId: randomUUID(), status, amountMinor, currency, comment: null, receivedAt: this.clock.now() },
    });
  }

  /** The submitter's attempts ran out with the outcome unknown: funds stay held until an operator acts. */
  async parkWithdrawal(withdrawalId: string, lastError: string): Promise<WithdrawalEvent[]> {
    return this.onWithdrawal(withdrawalId, { type: 'ParkWithdrawalSubmission', data: { tenantId: this.tenantId, withdrawalId, lastError, outcomeUnknown: true } });
  }

  async resolveWithdrawal(withdrawalId: string, outcome: 'succeeded' | 'failed', reason: string): Promise<WithdrawalEvent[]> {
    return this.onWithdrawal(withdrawalId, { type: 'ResolveWithdrawal', data: { tenantId: this.tenantId, withdrawalId, outcome, reason } });
  }

  /** A suspense item's command on its own stream (no wallet follows: the suspense account is not a player's). */
  async suspense(command: SuspenseCommand): Promise<SuspenseEvent[]> {
    return this.execute(suspenseDecider, suspenseStreamId(this.tenantId, command.data.itemId), command);
  }

  private postbackData(postback: PostbackFacts) {
    return {
      postbackId: postback.postbackId ?? randomUUID(),
      walletType: postback.walletType,
      transactionId: postback.transactionId,
      amountMinor: postback.amountMinor,
      currency: postback.currency,
      stockpilingId: null,
      activatedDatetime: null,
      exchangerIdentifier: null,
      convertedUsd: '12.34',
      receivedAt: this.clock.now(),
    };
  }

  private async onDeposit(depositId: string, command: Parameters<typeof depositDecider.decide>[0]): Promise<DepositEvent[]> {
    const events = await this.execute(depositDecider, depositStreamId(this.tenantId, depositId), command);
    await this.followWithWallet(events);
    return events;
  }

  private async onWithdrawal(withdrawalId: string, command: Parameters<typeof withdrawalDecider.decide>[0]): Promise<WithdrawalEvent[]> {
    const events = await this.execute(withdrawalDecider, withdrawalStreamId(this.tenantId, withdrawalId), command);
    await this.followWithWallet(events);
    return events;
  }

  private async onSuspense(itemId: string, command: Parameters<typeof suspenseDecider.decide>[0]): Promise<SuspenseEvent[]> {
    const events = await this.execute(suspenseDecider, suspenseStreamId(this.tenantId, itemId), command);
    await this.followWithWallet(events);
    return events;
  }

  /** The wallet process manager's job, done inline. */
  private async followWithWallet(events: readonly (DepositEvent | WithdrawalEvent | SuspenseEvent)[]): Promise<void> {
    for (const event of events) {
      const walletCommand = walletCommandFor(event);
      if (walletCommand !== null) await this.onWallet(walletCommand);
    }
  }

  private async onWallet(command: WalletCommand): Promise<void> {
    await this.execute(walletDecider, walletStreamId(command.data), command);
  }

  private async execute<TCommand, TEvent extends DomainEvent, TState>(
    decider: Decider<TCommand, TEvent, TState>,
    streamId: string,
    command: TCommand,
  ): Promise<TEvent[]> {
    const recorded = await this.store.readStream(streamId);
    const state = fold(decider, recorded.map((event) => ({ type: event.type, data: event.data }) as unknown as TEvent));
    const decided = decider.decide(command, state, this.clock.now());
    if (decided.length === 0) return [];
    const version = recorded.length === 0 ? 'no_stream' : recorded[recorded.length - 1].streamVersion;
    await this.store.append(
      streamId,
      decided.map((event) => ({ id: randomUUID(), type: event.type, data: event.data as Record<string, unknown>, metadata: { tenantId: this.tenantId, actor: 'test' } })),
      version,
    );
    return decided;
  }
}
