import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { type EventStore, ProjectionRunner } from '@kassa/event-store';
import { InfrastructureModule, OpenResources } from '@kassa/infrastructure';
import { EVENT_STORE, executeCommand, walletDecider, walletStreamId } from '@kassa/ledger';
import { createLogger, loadConfig } from '@kassa/platform';
import { withdrawalsProjection } from '@kassa/read-models';
import { createTestDatabase } from '../../../../test/support/test-database';
import { HttpModule } from '../http/http.module';
import { WithdrawalsModule } from './withdrawals.module';

const TENANT = 'merchant-1';
const KEY = 'sk_test_withdrawals';

/**
 * The withdrawals API over real HTTP on a minimal Nest app: the real infrastructure module on a
 * fresh database, the shared HTTP module (guard, problem+json filter, validation pipe, idempotency)
 * and the withdrawals feature module, without the background work. The full service with the
 * submitter and the sandbox is test/withdrawals.e2e-spec.ts.
 */
describe('WithdrawalsController over HTTP', () => {
  let dataSource: DataSource;
  let store: EventStore;
  let app: INestApplication;
  let baseUrl: string;
  let projections: ProjectionRunner;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('withdrawals_api');
    drop = db.drop;
    const config = loadConfig({ DATABASE_URL: db.url, TENANT_ID: TENANT, LOG_LEVEL: 'silent', LEDGER_API_KEYS: `platform:payments:${KEY}` });
    const infrastructure = InfrastructureModule.forRoot({ config, logger: createLogger('silent'), resources: new OpenResources() });

    @Module({ imports: [infrastructure, CqrsModule.forRoot(), HttpModule, WithdrawalsModule] })
    class TestAppModule {}

    app = await NestFactory.create(TestAppModule, { logger: false, abortOnError: false });
    dataSource = app.get(DataSource);
    store = app.get<EventStore>(EVENT_STORE);
    projections = new ProjectionRunner({ dataSource, store, projections: [withdrawalsProjection] });
    projections.start();
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await projections.stop();
    await app.close();
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
