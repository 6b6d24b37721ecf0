import { createTestDatabase } from './support/test-database';
import { TestService } from './support/e2e-app';
import { eventually } from './support/eventually';
import { creditedDeposit } from './support/money-flows';

/**
 * What an operator does about withdrawal submission, over HTTP against the built-in sandbox: parked
 * withdrawals resubmitted or resolved, and the queue that pauses itself when the provider refuses
 * every payout (the sandbox's provider balance set to almost nothing), across a restart.
 */
describe('Withdrawal admin end to end (HTTP, sandbox)', () => {
  const env = { PAYKASSMA_TIMEOUT_MS: '500', PAYKASSMA_RETRY_BASE_MS: '20', PAYKASSMA_MAX_ATTEMPTS: '2', PAYKASSMA_PAUSE_AFTER_REFUSALS: '2' };
  const admin = { key: 'admin' as const };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: TestService;
  let players = 0;

  beforeAll(async () => {
    db = await createTestDatabase('withdrawal-admin');
    service = await TestService.start({ DATABASE_URL: db.url, ...env });
  });
  afterAll(async () => {
    await service.close();
    await db.drop();
  });
  afterEach(async () => {
    await service.sandboxControl('DELETE', '/faults');
    await service.sandboxControl('POST', '/balances', { currency: 'INR', amount: null });
  });

  async function fundedPlayer(): Promise<string> {
    const label = `admin-player-${++players}`;
    await creditedDeposit(service, label, '1000');
    return label;
  }

  async function withdraw(label: string): Promise<string> {
    const created = await service.post('/v1/withdrawals', { walletType: 'paytm', label, amount: '400', accountNumber: '1234560079' });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const view = async (id: string) => (await service.get(`/v1/withdrawals/${id}`)).body;
  const balance = async (label: string) => (await service.get(`/v1/players/${label}/balances`)).body.balances[0];

  async function parked(label: string): Promise<string> {
    await service.sandboxControl('POST', '/faults', { path: '/v2/withdrawal/create', kind: 'http500-fail', count: 2 });
    const id = await withdraw(label);
    await eventually(async () => (await view(id)).parkedAt !== null, 15_000, `${id} parked`);
    return id;
  }

  it('the admin endpoints take only an admin key', async () => {
    expect((await service.get('/v1/admin/withdrawal-queue', { key: null })).status).toBe(401);
    expect((await service.get('/v1/admin/withdrawal-queue', { key: 'platform' })).status).toBe(403);
    expect((await service.get('/v1/admin/withdrawal-queue', { key: 'finance' })).status).toBe(403);
    const forbidden = await service.request('POST', '/v1/admin/withdrawal-queue/resume', undefined, { key: 'finance' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    const queue = await service.get('/v1/admin/withdrawal-queue', admin);
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({ state: 'running', pause: null, pauseAfterRefusals: 2 });
  });

  it('a 500 saying fail keeps the funds held; parked, it is in the exceptions and resubmitted with the same withdrawal_id', async () => {
    const label = await fundedPlayer();
    const id = await parked(label);
    const parkedView = await view(id);
    expect(parkedView).toMatchObject({ status: 'requested', attempts: 2, lastError: expect.stringContaining('HTTP 500') });
    expect(await balance(label)).toMatchObject({ available: '600.00', held: '400.00' });
    expect((await service.get('/v1/admin/withdrawal-queue', admin)).body.parked).toBeGreaterThanOrEqual(1);
    expect(Number(/^kassa_withdrawal_submissions\{merchant="default",state="parked"\} (\d+)$/m.exec((await service.get('/metrics', { key: null })).body)?.[1])).toBeGreaterThanOrEqual(1);
    await service.settled();
    const exceptions = await service.get('/v1/reports/exceptions', { key: 'finance' });
    expect(exceptions.body.items).toContainEqual(expect.objectContaining({ category: 'withdrawal_parked', reference: id, amount: '400.00', currency: 'INR' }));

    const resubmitted = await service.request('POST', `/v1/admin/withdrawals/${id}/resubmit`, undefined, admin);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ id, status: 'requested', parkedAt: null });
    await eventually(async () => (await view(id)).status === 'submitted', 15_000, 'submitted after the resubmission');
    const payouts = (await service.sandboxControl('GET', '/withdrawals')).body.data.filter((w: { withdrawalId: string }) => w.withdrawalId === id);
    expect(payouts).toHaveLength(1);
    const audit = await service.get(`/v1/audit/withdrawals/${id}/events`, { key: 'finance' });
    const resubmission = audit.body.events.find((e: { type: string }) => e.type === 'WithdrawalResubmitted');
    expect(resubmission.metadata.actor).toBe('ops');
    // Not parked any more: a second resubmission is refused.
    expect((await service.request('POST', `/v1/admin/withdrawals/${id}/resubmit`, undefined, admin)).body.code).toBe('INVALID_STATE');
  });

  it('resolves a parked withdrawal as failed: the funds return to available; bad input and unknown ids write nothing', async () => {
    const label = await fundedPlayer();
    const id = await parked(label);
    const bad = await service.request('POST', `/v1/admin/withdrawals/${id}/resolve`, { outcome: 'maybe', reason: '' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const unknown = await service.request('POST', '/v1/admin/withdrawals/00000000-0000-4000-8000-000000000000/resolve', { outcome: 'failed', reason: 'x' }, admin);
    expect(unknown.status).toBe(404);
    expect((await view(id)).status).toBe('requested');

    const resolved = await service.request('POST', `/v1/admin/withdrawals/${id}/resolve`, { outcome: 'failed', reason: 'Paykassma support: never received' }, admin);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'failed', resolutionReason: 'Paykassma support: never received', parkedAt: null });
    // The wallet stream is released by the command itself; the balances read model follows.
    await eventually(async () => (await balance(label)).held === '0.00', 15_000, 'balance read model released');
    expect(await balance(label)).toMatchObject({ available: '1000.00', held: '0.00' });
    const audit = await service.get(`/v1/audit/withdrawals/${id}/events`, { key: 'finance' });
    expect(audit.body.events.at(-1)).toMatchObject({ type: 'WithdrawalResolvedByOperator', metadata: { actor: 'ops' } });
  });

  it('pauses the queue when the provider refuses every payout, stays paused across a restart, and resumes', async () => {
    // The provider refuses every payout with the same reason.
    await service.sandboxControl('POST', '/balances', { currency: 'INR', amount: '1' });
    const labels = [await fundedPlayer(), await fundedPlayer(), await fundedPlayer()];
    const first = await withdraw(labels[0]);
    await eventually(async () => (await view(first)).status === 'rejected', 15_000, 'first refusal rejected');
    const second = await withdraw(labels[1]);
    const queue = await eventually(async () => {
      const answer = (await service.get('/v1/admin/withdrawal-queue', admin)).body;
      return answer.state === 'paused' ? answer : undefined;
    }, 15_000, 'queue paused');
    expect(queue.pause).toMatchObject({ reason: 'withdrawals_sum_amount: Insufficient balance', refusals: 2, withdrawalId: second });
    const third = await withdraw(labels[2]);
    await service.settled();
    expect(await view(second)).toMatchObject({ status: 'requested' });
    expect(await view(third)).toMatchObject({ status: 'requested', attempts: 0 });
    expect(await balance(labels[1])).toMatchObject({ available: '600.00', held: '400.00' });
    const exceptions = await service.get('/v1/reports/exceptions', { key: 'finance' });
    expect(exceptions.body.items).toContainEqual(expect.objectContaining({
      category: 'withdrawal_queue_paused',
      detail: expect.objectContaining({ reason: 'withdrawals_sum_amount: Insufficient balance', refusals: 2, withdrawalId: second }),
    }));
    const metrics = (await service.get('/metrics', { key: null })).body as string;
    expect(metrics).toMatch(/^kassa_withdrawal_queue_paused\{merchant="default"\} 1$/m);
    expect(metrics).toMatch(/^kassa_withdrawal_submissions\{merchant="default",state="queued"\} 2$/m);

    // A restart on the same database: still paused, nothing sent.
    await service.close();
    service = await TestService.start({ DATABASE_URL: db.url, ...env });
    expect((await service.get('/v1/admin/withdrawal-queue', admin)).body).toMatchObject({ state: 'paused', queued: 2 });
    await service.settled();
    expect(await view(third)).toMatchObject({ status: 'requested', attempts: 0 });

    await service.sandboxControl('POST', '/balances', { currency: 'INR', amount: null });
    const resumed = await service.request('POST', '/v1/admin/withdrawal-queue/resume', undefined, admin);
    expect(resumed.status).toBe(200);
    expect(resumed.body.state).toBe('running');
    expect((await service.get('/metrics', { key: null })).body).toMatch(/^kassa_withdrawal_queue_paused\{merchant="default"\} 0$/m);
    for (const id of [second, third]) await eventually(async () => (await view(id)).status === 'submitted', 15_000, `${id} submitted after the resume`);
    expect(await view(first)).toMatchObject({ status: 'rejected' });
  });
});
