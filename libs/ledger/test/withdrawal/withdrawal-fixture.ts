import { randomUUID } from 'node:crypto';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore, ProcessManagerRunner, SUBSCRIPTION_MIGRATIONS, type RecordedEvent } from '@kassa/event-store';
import { getWalletType, PaykassmaClient, type FetchLike } from '@kassa/paykassma';
import { openDatabase } from '@kassa/platform';
import { createTestDatabase } from '../../../../test/support/test-database';
import { SANDBOX_KEYS, startSandbox } from '../../../paykassma/test/support/http-harness';
import { executeCommand, loadState, readWholeStream } from '../../src/application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, type LedgerSettings, MERCHANTS, type MerchantDirectory, systemClock } from '../../src/application/ledger-context';
import { PaykassmaPaymentProvider, type PaykassmaMerchantSettings } from '../../../infrastructure/src/paykassma-payment-provider';
import { merchantDirectory } from '../../src/application/merchant-directory';
import { walletStreamId, withdrawalStreamId } from '@kassa/kernel';
import { PostWalletEffectHandler } from '../../src/wallet/post-wallet-effect.handler';
import { WalletPostingsProcessManager } from '../../src/wallet/wallet-postings.process-manager';
import { RequestWithdrawalFromHoldHandler } from '../../src/withdrawal/request-withdrawal-from-hold.handler';
import { walletDecider } from '../../src/wallet/wallet.decider';
import { RequestWithdrawalCommand, RequestWithdrawalHandler } from '../../src/withdrawal/request-withdrawal.handler';
import type { WithdrawalRequest } from '../../src/withdrawal/withdrawal.commands';
import { WITHDRAWAL_SUBMISSION_MIGRATIONS } from '../../src/withdrawal-submission/withdrawal-submissions.migration';
import {
  WITHDRAWAL_SUBMISSION_SETTINGS,
  WITHDRAWAL_SUBMITTER_LOG,
  type SubmitterLog,
  type WithdrawalSubmissionSettings,
} from '../../src/withdrawal-submission/submission-settings';
import { WITHDRAWAL_SUBMISSION_PROVIDERS } from '../../src/withdrawal-submission/withdrawal-submission.providers';
import { WithdrawalSubmitter } from '../../src/withdrawal-submission/withdrawal-submitter';

export const TENANT = 'merchant-1';
/**
 * The client's timeout: long enough that a busy machine never turns a sandbox answer (a 500, a
 * refusal) into a timeout; only the injected `timeout` fault waits for it.
 */
const PROVIDER_TIMEOUT_MS = 2_000;
export const CONTEXT = { merchantId: 'merchant-1', actor: 'test', correlationId: 'corr-1' } as const;

/** One call to /v2/withdrawal/create as the client sent it. */
export interface ProviderCall {
  readonly withdrawalId: string;
  readonly startedAtMs: number;
  endedAtMs: number | null;
}

/**
 * The submitter's world on a fresh database: the Postgres event store, the process managers that
 * bridge holds and withdrawals, and the real sandbox over HTTP on 127.0.0.1 behind a counting fetch.
 */
export class WithdrawalFixture {
  private playerCount = 0;
  readonly calls: ProviderCall[] = [];
  readonly warnings: { details: object; message: string }[] = [];
  readonly errors: { details: object; message: string }[] = [];
  readonly settings: LedgerSettings = {
    tenantId: TENANT,
    unmatchedCredits: 'suspense',
  };
  /** The sandbox merchant's provider settings: submissions go out signed with its key, as tests. */
  private readonly providerSettings: PaykassmaMerchantSettings = {
    pluginUrl: 'http://127.0.0.1/plugin',
    paymentUrlIds: { success: null, fail: null, pending: null },
    withdrawalKey: SANDBOX_KEYS.withdrawalKey,
    isTest: true,
  };
  readonly clock: Clock = systemClock;
  readonly handler: RequestWithdrawalHandler;
  private readonly submitters: WithdrawalSubmitter[] = [];
  private readonly contexts: INestApplicationContext[] = [];
  private runner: ProcessManagerRunner | undefined;

  private constructor(
    readonly dataSource: DataSource,
    readonly store: PostgresEventStore,
    private readonly pool: Pool,
    readonly sandbox: Awaited<ReturnType<typeof startSandbox>>,
    private readonly dropDatabase: () => Promise<void>,
  ) {
    this.handler = new RequestWithdrawalHandler(store, this.clock, this.merchantsWith(new PaykassmaClient({ apiUrl: sandbox.apiUrl, pluginApiSecret: SANDBOX_KEYS.pluginApiSecret, timeoutMs: PROVIDER_TIMEOUT_MS })));
  }

  static async open(): Promise<WithdrawalFixture> {
    const db = await createTestDatabase('withdrawals');
    const dataSource = await openDatabase(db.url, [...POSTGRES_EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...WITHDRAWAL_SUBMISSION_MIGRATIONS], { poolSize: 20 });
    const pool = new Pool({ connectionString: db.url, max: 20 });
    // The test database is dropped WITH (FORCE) at the end: a connection killed then must not crash the file.
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
    const sandbox = await startSandbox();
    return new WithdrawalFixture(dataSource, store, pool, sandbox, db.drop);
  }

  readonly infos: { details: object; message: string }[] = [];
  readonly log: SubmitterLog = {
    info: (details, message) => this.infos.push({ details, message }),
    warn: (details, message) => this.warnings.push({ details, message }),
    error: (details, message) => this.errors.push({ details, message }),
  };

  /**
   * The submission feature as the service builds it (a Nest context with the CommandBus and the
   * handlers), on the sandbox; every provider call is counted (start and end).
   */
  async feature(settings: Partial<WithdrawalSubmissionSettings> = {}): Promise<SubmissionFeature> {
    const counting: FetchLike = async (input, init) => {
      const body = JSON.parse(String(init.body)) as { withdrawal_id: string };
      const call: ProviderCall = { withdrawalId: body.withdrawal_id, startedAtMs: Date.now(), endedAtMs: null };
      this.calls.push(call);
      try {
        return await fetch(input, init);
      } finally {
        call.endedAtMs = Date.now();
      }
    };
    const client = new PaykassmaClient({ apiUrl: this.sandbox.apiUrl, pluginApiSecret: SANDBOX_KEYS.pluginApiSecret, timeoutMs: PROVIDER_TIMEOUT_MS, fetch: counting });
    const submissionSettings: WithdrawalSubmissionSettings = {
      tenantId: TENANT,
      maxAttempts: 4,
      retryBaseMs: 40,
      pauseAfterRefusals: 1_000,
      pollIntervalMs: 50,
      random: () => 0.5,
      ...settings,
    };
    @Module({
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: DataSource, useValue: this.dataSource },
        { provide: EVENT_STORE, useValue: this.store },
        { provide: CLOCK, useValue: this.clock },
        { provide: MERCHANTS, useValue: this.merchantsWith(client) },
        { provide: WITHDRAWAL_SUBMISSION_SETTINGS, useValue: submissionSettings },
        { provide: WITHDRAWAL_SUBMITTER_LOG, useValue: this.log },
        ...WITHDRAWAL_SUBMISSION_PROVIDERS,
        PostWalletEffectHandler,
        RequestWithdrawalFromHoldHandler,
        WalletPostingsProcessManager,
      ],
    })
    class SubmissionTestModule {}
    const context = await NestFactory.createApplicationContext(SubmissionTestModule, { logger: false });
    this.contexts.push(context);
    const submitter = context.get(WithdrawalSubmitter);
    this.submitters.push(submitter);
    return { context, submitter, commandBus: context.get(CommandBus), walletPostings: context.get(WalletPostingsProcessManager) };
  }

  /** A submitter alone (a second instance, other settings). */
  async submitter(settings: Partial<WithdrawalSubmissionSettings> = {}): Promise<WithdrawalSubmitter> {
    return (await this.feature(settings)).submitter;
  }

  /** wallet-postings plus the feature's submission queue, as the service runs them. */
  startProcessManagers({ submitter, walletPostings }: SubmissionFeature): void {
    this.runner = new ProcessManagerRunner({
      dataSource: this.dataSource,
      store: this.store,
      processManagers: [walletPostings, submitter.processManager()],
      timings: { lockRetryMs: 50, healthCheckMs: 50, restartDelay: { baseDelayMs: 10, maxDelayMs: 100 } },
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 },
    });
    this.runner.start();
  }

  async settled(): Promise<void> {
    await this.runner?.waitUntilCaughtUp(15_000);
  }

  async fund(label: string, currency: string, walletType: string, amountMinor: bigint): Promise<void> {
    await executeCommand(
      this.store,
      walletDecider,
      walletStreamId({ tenantId: TENANT, label, currency }),
      { type: 'CreditDeposit', data: { tenantId: TENANT, label, currency, depositId: randomUUID(), walletType, amountMinor } },
      { metadata: { tenantId: TENANT }, now: () => new Date().toISOString() },
    );
  }

  /** A new player with `amountMinor` PKR available on easypaisa; resolves with its label. */
  async fundedPlayer(amountMinor = 100_000n): Promise<string> {
    const label = `player-${++this.playerCount}`;
    await this.fund(label, 'PKR', 'easypaisa', amountMinor);
    return label;
  }

  /** Undoes what a test told the sandbox (faults, a provider balance), so the next test starts clean. */
  resetSandbox(): void {
    this.sandbox.sandbox.control.clearFaults();
    this.sandbox.sandbox.control.setBalance('PKR', null);
  }

  /** The one merchant, its provider the Paykassma adapter over this client. */
  private merchantsWith(client: PaykassmaClient): MerchantDirectory {
    return merchantDirectory([{ settings: this.settings, provider: new PaykassmaPaymentProvider(client, this.providerSettings) }]);
  }

  /** Requests a withdrawal; resolves with its id. */
  async request(input: Partial<Omit<WithdrawalRequest, 'currency'>> & { label: string }): Promise<{ id: string }> {
    const walletType = input.walletType ?? 'easypaisa';
    const id = await this.handler.execute(
      new RequestWithdrawalCommand(
        { amountMinor: 50_000n, accountNumber: '03123456789', accountName: 'Ali Khan', bankCode: null, ...input, walletType, currency: getWalletType(walletType).currency },
        CONTEXT,
      ),
    );
    return { id };
  }

  async wallet(label: string, currency = 'PKR'): Promise<{ availableMinor: bigint; heldMinor: bigint }> {
    const { state } = await loadState(this.store, walletDecider, walletStreamId({ tenantId: TENANT, label, currency }));
    return state.status === 'empty' ? { availableMinor: 0n, heldMinor: 0n } : { availableMinor: state.availableMinor, heldMinor: state.heldMinor };
  }

  async withdrawalEvents(withdrawalId: string): Promise<RecordedEvent[]> {
    return readWholeStream(this.store, withdrawalStreamId(TENANT, withdrawalId));
  }

  async eventTypes(withdrawalId: string): Promise<string[]> {
    return (await this.withdrawalEvents(withdrawalId)).map((event) => event.type);
  }

  sandboxWithdrawals(withdrawalId: string): { withdrawalId: string; isTest: boolean | null; amount: string }[] {
    return (this.sandbox.sandbox.control.withdrawals() as { withdrawalId: string; isTest: boolean | null; amount: string }[]).filter((w) => w.withdrawalId === withdrawalId);
  }

  callsFor(withdrawalId: string): ProviderCall[] {
    return this.calls.filter((call) => call.withdrawalId === withdrawalId);
  }

  async close(): Promise<void> {
    await this.runner?.stop();
    for (const submitter of this.submitters) await submitter.stop();
    for (const context of this.contexts) await context.close();
    await this.sandbox.close();
    await this.store.close();
    await this.pool.end();
    await this.dataSource.destroy();
    await this.dropDatabase();
  }
}

export interface SubmissionFeature {
  readonly context: INestApplicationContext;
  readonly submitter: WithdrawalSubmitter;
  readonly commandBus: CommandBus;
  readonly walletPostings: WalletPostingsProcessManager;
}
