import type { EventStore } from '@kassa/event-store';
import { depositStreamId } from '@kassa/kernel';
import { EVENT_STORE } from '@kassa/ledger';
import { TestService } from '../support/e2e-app';
import { creditedDeposit } from '../support/money-flows';

describe('Admin endpoints: projections, verify, dead letters (admin scope)', () => {
  let service: TestService;
  let deposit: { id: string };
  beforeAll(async () => {
    service = await TestService.start();
    deposit = await creditedDeposit(service, 'admin-player', '300');
  });
  afterAll(async () => {
    await service?.close();
  });

  const routes: [string, string][] = [
    ['GET', '/v1/admin/projections'],
    ['POST', '/v1/admin/projections/deposits/rebuild'],
    ['POST', '/v1/admin/verify'],
    ['GET', '/v1/admin/dead-letters'],
    ['POST', '/v1/admin/dead-letters/1/retry'],
  ];

  it.each(routes)('%s %s: 401 without a key, 403 to payments and finance keys', async (method, path) => {
    expect((await service.request(method, path, method === 'POST' ? {} : undefined, { key: null })).status).toBe(401);
    for (const key of ['platform', 'finance'] as const) {
      const refused = await service.request(method, path, method === 'POST' ? {} : undefined, { key });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('lists every projection and process manager with its position and lag', async () => {
    await service.settled();
    const listed = await service.get('/v1/admin/projections', { key: 'admin' });
    expect(listed.status).toBe(200);
    const deposits = listed.body.data.find((p: { name: string }) => p.name === 'read-model.deposits');
    expect(deposits).toMatchObject({ kind: 'projection', caughtUp: true, lagEvents: 0, stalled: null });
    expect(BigInt(deposits.checkpoint.commit)).toBeGreaterThan(0n);
    expect(listed.body.data.some((p: { kind: string }) => p.kind === 'process-manager')).toBe(true);
  });

  it('rebuilds a projection to the same rows, and answers 404 for an unknown one', async () => {
    const before = await service.get('/v1/deposits?label=admin-player');
    const rebuilt = await service.post('/v1/admin/projections/deposits/rebuild', {}, { key: 'admin' });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({ name: 'read-model.deposits', caughtUp: true });
    expect((await service.get('/v1/deposits?label=admin-player')).body).toEqual(before.body);
    expect((await service.post('/v1/admin/projections/nope/rebuild', {}, { key: 'admin' })).status).toBe(404);
  });

  it('runs a verify and records it in the verify runs', async () => {
    await service.settled();
    const [{ n: runsBefore }] = await service.dataSource.query('SELECT count(*)::int AS n FROM verify_runs');
    const verified = await service.post('/v1/admin/verify', {}, { key: 'admin' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, driftedTables: [] });
    expect(verified.body.eventsReplayed).toBeGreaterThan(0);
    const [{ n: runsAfter }] = await service.dataSource.query('SELECT count(*)::int AS n FROM verify_runs');
    expect(runsAfter).toBe(runsBefore + 1);
  });

  it('lists dead letters and retries one: handled again, it is removed; an unknown id is 404', async () => {
    const processManager = (await service.get('/v1/admin/projections', { key: 'admin' })).body.data.find((p: { kind: string }) => p.kind === 'process-manager').name;
    const streamId = depositStreamId('default', deposit.id);
    const [stored] = await service.server.app.get<symbol, EventStore>(EVENT_STORE).readStream(streamId);
    await service.dataSource.query(
      `INSERT INTO dead_letters (subscriber, event_id, stream_id, event_type, commit_position, prepare_position, attempts, last_error, data, metadata)
       VALUES ($1, $2, $3, $4, 1, 1, 8, 'Error: gave up', '{}'::jsonb, '{}'::jsonb)`,
      [processManager, stored.id, streamId, stored.type],
    );
    const listed = await service.get('/v1/admin/dead-letters', { key: 'admin' });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ subscriber: processManager, eventId: stored.id, attempts: 8, lastError: 'Error: gave up' });

    const retried = await service.post(`/v1/admin/dead-letters/${listed.body.data[0].id}/retry`, {}, { key: 'admin' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ handled: true, attempts: 9, lastError: null });
    expect((await service.get('/v1/admin/dead-letters', { key: 'admin' })).body.data).toEqual([]);
    expect((await service.post('/v1/admin/dead-letters/424242/retry', {}, { key: 'admin' })).status).toBe(404);
  });
});
