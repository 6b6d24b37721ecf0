import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { deterministicEventId, type EventMetadata, type NewEvent, type PostgresEventStore } from '@kassa/event-store';
import {
  type Decider,
  type DepositCommand,
  type DepositEvent,
  type DomainEvent,
  depositDecider,
  depositStreamId,
  holdFundsFor,
  metadataFor,
  providerTransactionStreamId,
  type RequestWithdrawal,
  walletCommandFor,
  walletDecider,
  type WalletCommand,
  type WalletState,
  walletStreamId,
  withdrawalDecider,
  type WithdrawalCommand,
  type WithdrawalEvent,
  withdrawalStreamId,
} from '@kassa/ledger';
import { runPool } from './support/run-pool';
import { nowMs, perSecond } from './support/stats';

const TENANT = 'default';
const DEPOSITS_PER_PLAYER = 4;
const WITHDRAWALS_PER_PLAYER = 2;
/** 4 deposits × (5 deposit events + 1 claim + 1 wallet credit) + 2 withdrawals × (3 withdrawal events + hold + settle). */
export const EVENTS_PER_PLAYER = DEPOSITS_PER_PLAYER * 7 + WITHDRAWALS_PER_PLAYER * 5;
const START_MS = Date.parse('2025-01-01T00:00:00.000Z');

export interface GenerationResult {
  readonly players: number;
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** The streams of one player's history, each decided in order by the real deciders, ready to append. */
class PlayerHistory {
  readonly streams = new Map<string, NewEvent[]>();
  private wallet: WalletState = walletDecider.initialState();
  private clockMs: number;

  constructor(readonly label: string, playerIndex: number) {
    this.clockMs = START_MS + playerIndex * 60_000;
  }

  private now(): string {
    this.clockMs += 1_000;
    return new Date(this.clockMs).toISOString();
  }

  /** decide on the stream's current state (folded from what this history decided so far), then record. */
  private decide<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, streamId: string, state: S, command: C, metadata: EventMetadata, eventId: (i: number) => string = () => randomUUID()): { events: E[]; state: S } {
    const events = decider.decide(command, state, this.now());
    let next = state;
    const stream = this.streams.get(streamId) ?? [];
    events.forEach((event, i) => {
      next = decider.evolve(next, event);
      stream.push({ id: eventId(i), type: event.type, data: event.data as Record<string, unknown>, metadata });
    });
    this.streams.set(streamId, stream);
    return { events, state: next };
  }

  /** What the wallet-postings process manager does for a DepositCredited / WithdrawalSucceeded. */
  private followOnWallet(cause: DepositEvent | WithdrawalEvent, causeId: string, correlationId: string): void {
    const command = walletCommandFor(cause);
    if (command === null) return;
    this.onWallet(command, { tenantId: TENANT, correlationId, causationId: causeId, actor: 'wallet-postings' }, (i) => deterministicEventId(causeId, String(i)));
  }

  private onWallet(command: WalletCommand, metadata: EventMetadata, eventId?: (i: number) => string): void {
    this.wallet = this.decide(walletDecider, walletStreamId(command.data), this.wallet, command, metadata, eventId).state;
  }

  deposit(index: number, transactionId: string): void {
    const depositId = randomUUID();
    const streamId = depositStreamId(TENANT, depositId);
    const api = metadataFor(TENANT, { actor: 'bench', correlationId: randomUUID() });
    const ref = { tenantId: TENANT, depositId };
    const commands: DepositCommand[] = [
      { type: 'OpenDeposit', data: { ...ref, walletType: 'paytm', currency: 'INR', label: this.label, requestedAmountMinor: 70_000n, lang: 'en', answer: { status: 'issued', walletDetails: { identifier: '6234234234' }, paymentUrl: `https://plugin.paykassma.example/?custom_transaction_id=${depositId}&fixed_amount=700` } } },
      { type: 'SubmitActivation', data: { ...ref, transactionId, amountMinor: 70_000n, screenshot: null } },
      { type: 'RecordActivationAnswer', data: { ...ref, attempt: 1, answer: { status: 'ok', providerAmountMinor: 70_000n, message: null } } },
    ];
    let state = depositDecider.initialState();
    for (const command of commands) state = this.decide(depositDecider, streamId, state, command, api).state;

    const postbackId = randomUUID();
    const provider = metadataFor(TENANT, { actor: 'paykassma', correlationId: postbackId });
    const receivedAt = this.now();
    // The claim of the provider transaction, as providerTransactionDecider decides it.
    this.streams.set(providerTransactionStreamId(TENANT, 'paytm', transactionId), [{
      id: randomUUID(),
      type: 'ProviderTransactionClaimed',
      data: { tenantId: TENANT, walletType: 'paytm', transactionId, depositId, postbackId, claimedAt: receivedAt },
      metadata: provider,
    }]);
    const postback: DepositCommand = {
      type: 'ApplyDepositPostback',
      data: { ...ref, postbackId, walletType: 'paytm', transactionId, amountMinor: 70_000n, currency: 'INR', stockpilingId: index, activatedDatetime: '2024-05-01 10:00:00', exchangerIdentifier: '99xxxx6690', convertedUsd: '8.41', receivedAt },
    };
    const { events } = this.decide(depositDecider, streamId, state, postback, provider);
    const recorded = this.streams.get(streamId) ?? [];
    const credited = events.findIndex((event) => event.type === 'DepositCredited');
    this.followOnWallet(events[credited], recorded[recorded.length - events.length + credited].id, postbackId);
  }

  withdrawal(accountNumber: string): void {
    const withdrawalId = randomUUID();
    const streamId = withdrawalStreamId(TENANT, withdrawalId);
    const api = metadataFor(TENANT, { actor: 'bench', correlationId: randomUUID() });
    const request: RequestWithdrawal = {
      type: 'RequestWithdrawal',
      data: { tenantId: TENANT, withdrawalId, walletType: 'paytm', currency: 'INR', label: this.label, amountMinor: 30_000n, accountNumber, accountName: null, bankCode: null },
    };
    this.onWallet(holdFundsFor(request), { ...api, withdrawalRequest: { accountName: null, bankCode: null } });
    const ref = { tenantId: TENANT, withdrawalId };
    const commands: WithdrawalCommand[] = [
      request,
      { type: 'RecordSubmissionAttempt', data: { ...ref, answer: { status: 'ok' } } },
    ];
    let state = withdrawalDecider.initialState();
    for (const command of commands) state = this.decide(withdrawalDecider, streamId, state, command, api).state;
    const postbackId = randomUUID();
    const provider = metadataFor(TENANT, { actor: 'paykassma', correlationId: postbackId });
    const { events } = this.decide(withdrawalDecider, streamId, state, {
      type: 'ApplyWithdrawalPostback',
      data: { ...ref, postbackId, status: 1, amountMinor: 30_000n, currency: 'INR', comment: null, receivedAt: this.now() },
    }, provider);
    const recorded = this.streams.get(streamId) ?? [];
    this.followOnWallet(events[0], recorded[recorded.length - 1].id, postbackId);
  }
}

function historyOf(player: number, runId: string): PlayerHistory {
  const history = new PlayerHistory(`gen-${runId}-${player}`, player);
  for (let d = 0; d < DEPOSITS_PER_PLAYER; d++) history.deposit(d, `6${String(player * DEPOSITS_PER_PLAYER + d).padStart(10, '0')}`);
  for (let w = 0; w < WITHDRAWALS_PER_PLAYER; w++) history.withdrawal(`9${String(player).padStart(9, '0')}`);
  return history;
}

/**
 * At least `events` events through the domain: each player's history (deposits opened, activated,
 * credited by a postback, the wallet credit the process manager would write; withdrawals held,
 * requested, submitted, succeeded, settled) is decided in memory by the real deciders, each event
 * evolving the state the next decision sees; then every stream is appended whole with the store's
 * own append (expected version: no stream), one transaction per player (appendWith, as the inbox
 * does), 32 players at a time.
 */
export async function generateEvents(store: PostgresEventStore, pool: Pool, events: number, runId: string, progress?: (done: number) => void): Promise<GenerationResult> {
  const players = Math.ceil(events / EVENTS_PER_PLAYER);
  let appended = 0;
  let appends = 0;
  const started = nowMs();
  await runPool(players, 32, async (player) => {
    const history = historyOf(player, runId);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const [streamId, streamEvents] of history.streams) await store.appendWith(client, streamId, streamEvents, 'no_stream');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const streamEvents of history.streams.values()) appended += streamEvents.length;
    appends += history.streams.size;
    if (player % 1000 === 0) progress?.(appended);
  });
  const elapsedMs = nowMs() - started;
  return { players, events: appended, appends, seconds: Math.round(elapsedMs / 100) / 10, eventsPerSecond: perSecond(appended, elapsedMs) };
}
