import { IdempotencyPurgeSchedule } from '../../apps/ledger-api/src/idempotency/idempotency-purge.provider';
import { IdempotencyPurger } from '../../apps/ledger-api/src/idempotency/idempotency-purger';
import { IdempotencyStore } from '@kassa/platform';
import { TestService } from '../support/e2e-app';
import { eventually } from '../support/eventually';

/**
 * The Idempotency-Key rules of docs/api.md over HTTP: which answers are kept and replayed (2xx, domain
 * refusals), which are not (400, 5xx, 409 in progress), the lease that frees the key of a request
 * that died with its process, and the purge after 24 h.
 */
describe('Idempotency-Key', () => {
  let service: TestService;
  let transactionNumbers = 0;

  beforeAll(async () => {
    service = await TestService.start({ PAYKASSMA_TIMEOUT_MS: '500', PAYKASSMA_RETRY_BASE_MS: '50', PAYKASSMA_MAX_ATTEMPTS: '2' });
  });

  afterAll(async () => {
    await service.close();
  });

  afterEach(async () => {
    await service.sandboxControl('DELETE', '/faults');
  });

  const sql = <T = any>(text: string, parameters: unknown[] = []): Promise<T> => service.dataSource.query(text, parameters);

  async function eventCount(type?: string): Promise<number> {
    const rows: { n: number }[] = type
      ? await sql('SELECT count(*)::int AS n FROM events WHERE type = $1', [type])
      : await sql('SELECT count(*)::int AS n FROM events');
    return rows[0].n;
  }

  async function fund(label: string, amount: string): Promise<void> {
    const deposit = await service.post('/v1/deposits', { walletType: 'easypaisa', label, amount });
    const transactionId = `7${String(++transactionNumbers).padStart(9, '0')}3`;
    expect((await service.post(`/v1/deposits/${deposit.body.id}/activation`, { transactionId, amount })).status).toBe(200);
    await eventually(async () => {
      const balances = await service.get(`/v1/players/${label}/balances`);
      return balances.body.balances?.[0]?.available === `${amount}.00` ? true : undefined;
    }, 15_000, `${label} funded`);
  }

  const withdrawal = (label: string) => ({ walletType: 'easypaisa', label, amount: '400', accountNumber: '03123456789', accountName: 'Ali Khan' });

  it('replays a 422 INSUFFICIENT_FUNDS as 422 and never later creates the withdrawal, even once the money is there', async () => {
    const first = await service.post('/v1/withdrawals', withdrawal('idem-poor'), { idempotencyKey: 'idem-422' });
    expect(first.status).toBe(422);
    expect(first.body.code).toBe('INSUFFICIENT_FUNDS');
    await fund('idem-poor', '1000');
    const requestedBefore = await eventCount('WithdrawalRequested');

    const again = await service.post('/v1/withdrawals', withdrawal('idem-poor'), { idempotencyKey: 'idem-422' });
    expect(again.status).toBe(422);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount('WithdrawalRequested')).toBe(requestedBefore);

    const fresh = await service.post('/v1/withdrawals', withdrawal('idem-poor'), { idempotencyKey: 'idem-422-new' });
    expect(fresh.status).toBe(201);
  });

  it('replays a 201 with the same body and Idempotent-Replayed, once', async () => {
    const first = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem-201' }, { idempotencyKey: 'idem-201' });
    const events = await eventCount('WalletDetailsIssued');
    const again = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem-201' }, { idempotencyKey: 'idem-201' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount('WalletDetailsIssued')).toBe(events);
  });

  it('does not keep a 400: the same key may then carry a valid request', async () => {
    const invalid = await service.post('/v1/deposits', { walletType: 'paytm', label: '' }, { idempotencyKey: 'idem-400' });
    expect(invalid.status).toBe(400);
    const valid = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem-400' }, { idempotencyKey: 'idem-400' });
    expect(valid.status).toBe(201);
    expect(valid.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not keep a 5xx: the same request is tried again with the same key', async () => {
    await service.sandboxControl('POST', '/faults', { path: '/api/v1/transaction/create', kind: 'http500', count: 10 });
    const failed = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem-5xx' }, { idempotencyKey: 'idem-5xx' });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    await service.sandboxControl('DELETE', '/faults');
    const retried = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem-5xx' }, { idempotencyKey: 'idem-5xx' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers 409 while a request holds the key, and frees a key whose request died once its lease ran out', async () => {
    const body = { walletType: 'paytm', label: 'idem-lease' };
    const first = await service.post('/v1/deposits', body, { idempotencyKey: 'idem-lease' });
    expect(first.status).toBe(201);
    // The row as a request leaves it while it runs, or when its process dies before it answers.
    await sql(`UPDATE idempotency_keys SET state = 'in_progress', status_code = NULL, response_body = NULL, created_at = now() WHERE key = 'idem-lease'`);
    const running = await service.post('/v1/deposits', body, { idempotencyKey: 'idem-lease' });
    expect(running.status).toBe(409);
    expect(running.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    expect(running.headers.get('content-type')).toContain('application/problem+json');
    expect((await service.post('/v1/deposits', body, { idempotencyKey: 'idem-lease' })).status).toBe(409);

    await sql(`UPDATE idempotency_keys SET created_at = now() - interval '61 seconds' WHERE key = 'idem-lease'`);
    const revived = await service.post('/v1/deposits', body, { idempotencyKey: 'idem-lease' });
    expect(revived.status).toBe(201);
    expect(revived.headers.get('idempotent-replayed')).toBeNull();
    const replay = await service.post('/v1/deposits', body, { idempotencyKey: 'idem-lease' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(revived.body.id);
  });

  it('keeps the answer of the request that holds the key, not of one whose lease was taken over', async () => {
    const store = new IdempotencyStore(service.dataSource, 1_000);
    const scope = { tenantId: 'default', apiKeyId: 'platform', key: 'idem-takeover' };
    const slow = await store.reserve(scope, 'h');
    await sql(`UPDATE idempotency_keys SET created_at = now() - interval '2 seconds' WHERE key = 'idem-takeover'`);
    const taker = await store.reserve(scope, 'h');
    expect(taker.kind).toBe('reserved');
    if (slow.kind !== 'reserved' || taker.kind !== 'reserved') throw new Error('expected two reservations');
    await store.complete(scope, slow.reservedAt, 201, { by: 'slow' });
    expect((await store.reserve(scope, 'h')).kind).toBe('in_progress');
    await store.complete(scope, taker.reservedAt, 201, { by: 'taker' });
    expect(await store.reserve(scope, 'h')).toEqual({ kind: 'replay', statusCode: 201, body: { by: 'taker' } });
  });

  it('purges keys older than 24 h in bounded batches, on a timer', async () => {
    await sql(`INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state, status_code, response_body, created_at)
               SELECT 'default', 'platform', 'idem-old-' || n, 'x', 'done', 201, '{}'::jsonb, now() - interval '25 hours' FROM generate_series(1, 5) AS n`);
    await sql(`INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state, status_code, response_body, created_at)
               VALUES ('default', 'platform', 'idem-young', 'x', 'done', 201, '{}'::jsonb, now() - interval '23 hours')`);
    const store = new IdempotencyStore(service.dataSource);
    const batches: number[] = [];
    const counting = { purgeExpiredBatch: async (size: number) => { const n = await store.purgeExpiredBatch(size); batches.push(n); return n; } };
    const purger = new IdempotencyPurger(counting as IdempotencyStore, { info: () => undefined, warn: () => undefined }, { intervalMs: 20, batchSize: 2, maxBatches: 2 });
    purger.start();
    try {
      await eventually(async () => {
        const rows: { n: number }[] = await sql(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE 'idem-old-%'`);
        return rows[0].n === 0 ? true : undefined;
      }, 10_000, 'old keys purged');
    } finally {
      await purger.stop();
    }
    expect(Math.max(...batches)).toBeLessThanOrEqual(2);
    const young: unknown[] = await sql(`SELECT 1 FROM idempotency_keys WHERE key = 'idem-young'`);
    expect(young).toHaveLength(1);
  });

  it('runs the purge in the service from start-up', async () => {
    await sql(`INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state, created_at)
               VALUES ('default', 'platform', 'idem-ancient', 'x', 'in_progress', now() - interval '3 days')`);
    const removed = await service.server.app.get(IdempotencyPurgeSchedule).purger.purgeNow();
    expect(removed).toBeGreaterThanOrEqual(1);
  });
});
