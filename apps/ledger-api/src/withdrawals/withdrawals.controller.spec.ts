import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore, ProjectionRunner, SUBSCRIPTION_MIGRATIONS } from '@kassa/event-store';
import { CLOCK, EVENT_STORE, executeCommand, LEDGER_SETTINGS, type LedgerSettings, systemClock, walletDecider, walletStreamId } from '@kassa/ledger';
import { openDatabase } from '@kassa/platform';
import { READ_MODEL_MIGRATIONS, withdrawalsProjection } from '@kassa/read-models';
import { createTestDatabase } from '../../../../test/support/test-database';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { createValidationPipe } from '../http/validation';
import { CreateIdempotencyTable1760001000000 } from '../idempotency/create-idempotency-table.migration';
import { Runtime } from '../runtime/runtime';
import { RequestWithdrawalHandler, WITHDRAWAL_SUBMISSION_MIGRATIONS } from '@kassa/ledger';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { WithdrawalsController } from './withdrawals.controller';

const TENANT = 'merchant-1';
const KEY = 'sk_test_withdrawals';

/**
 * The withdrawals API over real HTTP on a minimal Nest app (the guard, the problem+json filter, the
 * validation pipe and the idempotency interceptor as the service has them), on a fresh database.
 * The full service with the submitter and the sandbox is test/withdrawals.e2e-spec.ts.
 */
describe('WithdrawalsController over HTTP', () => {
  let dataSource: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;
  let app: INestApplication;
  let baseUrl: string;
  let projections: ProjectionRunner;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('withdrawals_api');
    drop = db.drop;
    dataSource = await openDatabase(db.url, [
      ...POSTGRES_EVENT_STORE_MIGRATIONS,
      ...SUBSCRIPTION_MIGRATIONS,
      CreateIdempotencyTable1760001000000,
      ...READ_MODEL_MIGRATIONS,
      ...WITHDRAWAL_SUBMISSION_MIGRATIONS,
    ]);
    pool = new Pool({ connectionString: db.url, max: 10 });
    store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
    projections = new ProjectionRunner({ dataSource, store, projections: [withdrawalsProjection] });
    projections.start();
    const settings: LedgerSettings = {
      tenantId: TENANT,
      pluginUrl: 'http://127.0.0.1/plugin',
      paymentUrlIds: { success: null, fail: null, pending: null },
      withdrawalKey: 'key',
      isTest: true,
    };
    const runtime = { dataSource, config: { tenantId: TENANT, idempotencyLeaseMs: 60_000 } } as unknown as Runtime;

    @Module({
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: Runtime, useValue: runtime },
        { provide: EVENT_STORE, useValue: store },
        { provide: CLOCK, useValue: systemClock },
        { provide: LEDGER_SETTINGS, useValue: settings },
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry([{ id: 'platform', scopes: ['payments'], secret: KEY }]) },
      ],
      exports: [Runtime, EVENT_STORE, CLOCK, LEDGER_SETTINGS, ApiKeyRegistry],
    })
    class SharedModule {}

    @Module({ controllers: [WithdrawalsController], providers: [RequestWithdrawalHandler, IdempotencyInterceptor] })
    class WithdrawalsModule {}

    @Module({
      imports: [{ module: SharedModule, global: true }, WithdrawalsModule],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    })
    class TestAppModule {}

    app = await NestFactory.create(TestAppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app.close();
    await projections.stop();
    await store.close();
    await pool.end();
    await dataSource.destroy();
    await drop();
  });

  async function call(method: string, path: string, body?: unknown, idempotencyKey: string = randomUUID()) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, contentType: response.headers.get('content-type') };
  }

  async function eventCount(): Promise<number> {
    const rows: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM events');
    return rows[0].n;
  }

  async function fund(label: string, currency: string, walletType: string, amountMinor: bigint): Promise<void> {
    await executeCommand(
      store,
      walletDecider,
      walletStreamId({ tenantId: TENANT, label, currency }),
      { type: 'CreditDeposit', data: { tenantId: TENANT, label, currency, depositId: randomUUID(), walletType, amountMinor } },
      { metadata: { tenantId: TENANT }, now: () => new Date().toISOString() },
    );
  }

  const easypaisa = { walletType: 'easypaisa', label: 'api-player', amount: '500', accountNumber: '03123456789', accountName: 'Ali Khan' };

  it('holds the funds and answers 201 with the withdrawal, amount as a string with 2 decimals', async () => {
    await fund('api-player', 'PKR', 'easypaisa', 100_000n);
    const created = await call('POST', '/v1/withdrawals', easypaisa);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'requested', walletType: 'easypaisa', currency: 'PKR', label: 'api-player', amount: '500.00', accountName: 'Ali Khan', bankCode: null, attempts: 0 });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);

    const fetched = await call('GET', `/v1/withdrawals/${created.body.id}`);
    expect(fetched).toMatchObject({ status: 200, body: created.body });

    await projections.waitUntilCaughtUp(10_000);
    const listed = await call('GET', '/v1/withdrawals?label=api-player&status=requested&limit=10');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([created.body]);
    expect(listed.body.nextCursor).toBeNull();
  });

  it('answers 422 INSUFFICIENT_FUNDS and writes nothing when the available balance is short', async () => {
    await fund('short-player', 'PKR', 'easypaisa', 10_000n);
    const before = await eventCount();
    const refused = await call('POST', '/v1/withdrawals', { ...easypaisa, label: 'short-player', amount: '101' });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.code).toBe('INSUFFICIENT_FUNDS');
    expect(await eventCount()).toBe(before);
  });

  const badRequests: [string, Record<string, unknown>, string][] = [
    ['an unknown wallet type', { ...easypaisa, walletType: 'bitcoin' }, 'walletType'],
    ['a label over 36 characters', { ...easypaisa, label: 'x'.repeat(37) }, 'label'],
    ['a JSON number amount', { ...easypaisa, amount: 500 }, 'amount'],
    ['a fractional amount', { ...easypaisa, amount: '500.50' }, 'amount'],
    ['a zero amount', { ...easypaisa, amount: '0' }, 'amount'],
    ['an exponent amount', { ...easypaisa, amount: '5e2' }, 'amount'],
    ['a negative amount', { ...easypaisa, amount: '-500' }, 'amount'],
    ['an easypaisa account not 03 + 9 digits', { ...easypaisa, accountNumber: '04123456789' }, 'accountNumber'],
    ['an easypaisa account without a name', { ...easypaisa, accountName: undefined }, 'accountName'],
    ['an easypaisa name with digits', { ...easypaisa, accountName: 'Ali 2' }, 'accountName'],
    ['an easypaisa withdrawal with a bank', { ...easypaisa, bankCode: 'Nations Trust Bank' }, 'bankCode'],
    ['a paytm account of 9 digits', { walletType: 'paytm', label: 'p', amount: '500', accountNumber: '123456789' }, 'accountNumber'],
    ['a paytm withdrawal with an account name', { walletType: 'paytm', label: 'p', amount: '500', accountNumber: '1234567890', accountName: 'Ali' }, 'accountName'],
    ['a khalti_ml account with letters', { walletType: 'khalti_ml', label: 'p', amount: '500', accountNumber: '98310abcde' }, 'accountNumber'],
    ['an esewa_ml account of 11 digits', { walletType: 'esewa_ml', label: 'p', amount: '500', accountNumber: '98318423211' }, 'accountNumber'],
    ['an upay_manual withdrawal without a bank', { walletType: 'upay_manual', label: 'p', amount: '500', accountNumber: '100670008622', accountName: 'AWAKA N V S' }, 'bankCode'],
    ['an upay_manual bank not on the list', { walletType: 'upay_manual', label: 'p', amount: '500', accountNumber: '100670008622', accountName: 'AWAKA N V S', bankCode: 'Bank of Nowhere' }, 'bankCode'],
    ['an upay_manual account with letters', { walletType: 'upay_manual', label: 'p', amount: '500', accountNumber: '10067000862A', accountName: 'AWAKA N V S', bankCode: 'Nations Trust Bank' }, 'accountNumber'],
    ['an unknown field', { ...easypaisa, iban: 'x' }, 'iban'],
  ];

  it.each(badRequests)('refuses %s with a 400 naming the field, and writes nothing', async (_what, body, field) => {
    await fund('p', 'INR', 'paytm', 1_000_000n);
    const before = await eventCount();
    const refused = await call('POST', '/v1/withdrawals', body);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await eventCount()).toBe(before);
  });

  it('answers 404 for an unknown or malformed id, and 400 for an unknown status filter', async () => {
    expect((await call('GET', `/v1/withdrawals/${randomUUID()}`)).status).toBe(404);
    expect((await call('GET', '/v1/withdrawals/not-a-uuid')).status).toBe(404);
    const badStatus = await call('GET', '/v1/withdrawals?status=paid');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });

  it('replays the first answer for a repeated Idempotency-Key, holding the funds once', async () => {
    await fund('idem-player', 'PKR', 'easypaisa', 100_000n);
    const key = randomUUID();
    const first = await call('POST', '/v1/withdrawals', { ...easypaisa, label: 'idem-player' }, key);
    const again = await call('POST', '/v1/withdrawals', { ...easypaisa, label: 'idem-player' }, key);
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    const holds = (await store.readStream(walletStreamId({ tenantId: TENANT, label: 'idem-player', currency: 'PKR' }))).filter((e) => e.type === 'FundsHeld');
    expect(holds).toHaveLength(1);
  });
});
