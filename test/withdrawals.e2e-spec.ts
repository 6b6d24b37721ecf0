import { TestService } from './support/e2e-app';
import { eventually } from './support/eventually';

/**
 * Withdrawals over HTTP against the built-in sandbox: hold, durable submission with retries, signed
 * postbacks. Short provider timeout and retry base so retries happen within a test's patience.
 */
describe('Withdrawals end to end (HTTP, sandbox, signed postbacks)', () => {
  let service: TestService;
  let players = 0;
  let transactionNumbers = 0;

  beforeAll(async () => {
    service = await TestService.start({ PAYKASSMA_TIMEOUT_MS: '500', PAYKASSMA_RETRY_BASE_MS: '50', PAYKASSMA_MAX_ATTEMPTS: '6' });
  });

  afterAll(async () => {
    await service.close();
  });

  afterEach(async () => {
    await service.sandboxControl('DELETE', '/faults');
    await service.sandboxControl('POST', '/balances', { currency: 'PKR', amount: null });
  });

  /** An easypaisa `key1` the sandbox answers ok for: 11 digits, unique, last digit 3. */
  function okTransactionNumber(): string {
    return `6${String(++transactionNumbers).padStart(9, '0')}3`;
  }

  /** A new player credited with `amount` PKR through a real deposit and its signed postback. */
  async function fundedPlayer(amount: string): Promise<string> {
    const label = `wd-player-${++players}`;
    const deposit = await service.post('/v1/deposits', { walletType: 'easypaisa', label, amount });
    expect(deposit.status).toBe(201);
    const activation = await service.post(`/v1/deposits/${deposit.body.id}/activation`, { transactionId: okTransactionNumber(), amount });
    expect(activation.status).toBe(200);
    await eventually(async () => ((await balances(label))?.available === `${amount}.00` ? true : undefined), 15_000, `${label} funded`);
    return label;
  }

  async function balances(label: string): Promise<{ available: string; held: string } | undefined> {
    const response = await service.get(`/v1/players/${encodeURIComponent(label)}/balances`);
    return response.body.balances?.find((line: { currency: string }) => line.currency === 'PKR');
  }

  async function expectBalances(label: string, available: string, held: string): Promise<void> {
    await eventually(async () => {
      const line = await balances(label);
      return line?.available === available && line?.held === held ? true : undefined;
    }, 15_000, `${label}: available ${available}, held ${held}`);
  }

  function withdraw(label: string, amount = '400') {
    return service.post('/v1/withdrawals', { walletType: 'easypaisa', label, amount, accountNumber: '03123456789', accountName: 'Ali Khan' });
  }

  async function statusBecomes(id: string, status: string): Promise<Record<string, unknown>> {
    return eventually(async () => {
      const view = await service.get(`/v1/withdrawals/${id}`);
      return view.body.status === status ? view.body : undefined;
    }, 15_000, `withdrawal ${id} ${status}`);
  }

  async function sandboxPayouts(id: string): Promise<unknown[]> {
    const listed = await service.sandboxControl<{ data: { withdrawalId: string }[] }>('GET', '/withdrawals');
    return listed.body.data.filter((w) => w.withdrawalId === id);
  }

  it('holds, submits, and lets the held funds leave the ledger on status 1', async () => {
    const label = await fundedPlayer('1000');
    const created = await withdraw(label);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'requested', walletType: 'easypaisa', currency: 'PKR', label, amount: '400.00' });
    await expectBalances(label, '600.00', '400.00');

    await statusBecomes(created.body.id, 'submitted');
    expect(await sandboxPayouts(created.body.id)).toEqual([expect.objectContaining({ isTest: true, amount: '400.00' })]);
    const finished = await service.sandboxControl('POST', `/withdrawals/${created.body.id}/finish`, { status: 1, duplicates: 2 });
    expect(finished.status).toBeLessThan(300);
    const succeeded = await statusBecomes(created.body.id, 'succeeded');
    expect(succeeded).toMatchObject({ providerStatus: 1, amount: '400.00' });
    await service.settled();
    await expectBalances(label, '600.00', '0.00');

    // A conflicting later result is quarantined: nothing comes back.
    await service.sandboxControl('POST', `/withdrawals/${created.body.id}/finish`, { status: 5 });
    await eventually(async () => ((await service.get(`/v1/withdrawals/${created.body.id}`)).body.quarantinedCount === 1 ? true : undefined), 15_000, 'quarantined');
    await service.settled();
    await expectBalances(label, '600.00', '0.00');
  });

  it('returns the held funds to available on status 5', async () => {
    const label = await fundedPlayer('1000');
    const created = await withdraw(label);
    await statusBecomes(created.body.id, 'submitted');
    await service.sandboxControl('POST', `/withdrawals/${created.body.id}/finish`, { status: 5 });
    await statusBecomes(created.body.id, 'failed');
    await service.settled();
    await expectBalances(label, '1000.00', '0.00');
  });

  it("is rejected on the provider's insufficient balance, and the hold is released", async () => {
    const label = await fundedPlayer('1000');
    await service.sandboxControl('POST', '/balances', { currency: 'PKR', amount: '1' });
    const created = await withdraw(label);
    const rejected = await statusBecomes(created.body.id, 'rejected');
    expect(rejected.providerMessage).toEqual({ withdrawals_sum_amount: ['Insufficient balance'] });
    await service.settled();
    await expectBalances(label, '1000.00', '0.00');
  });

  it('retries after injected 500s with the same withdrawal_id and pays out once', async () => {
    const label = await fundedPlayer('1000');
    await service.sandboxControl('POST', '/faults', { path: '/v2/withdrawal/create', kind: 'http500', count: 2 });
    const created = await withdraw(label);
    const submitted = await statusBecomes(created.body.id, 'submitted');
    expect(submitted.attempts).toBe(3);
    expect(await sandboxPayouts(created.body.id)).toHaveLength(1);
  });

  it('treats a timeout as an unknown outcome: the funds stay held, the retry is processed once', async () => {
    const label = await fundedPlayer('1000');
    await service.sandboxControl('POST', '/faults', { path: '/v2/withdrawal/create', kind: 'timeout', count: 1 });
    const created = await withdraw(label);
    const deferred = await eventually(async () => {
      const view = await service.get(`/v1/withdrawals/${created.body.id}`);
      return view.body.attempts >= 1 ? view.body : undefined;
    }, 15_000, 'first attempt recorded');
    expect(['requested', 'submitted']).toContain(deferred.status);
    const submitted = await statusBecomes(created.body.id, 'submitted');
    expect(submitted.attempts).toBe(2);
    // The retry succeeded: the view no longer shows the timeout; the audit trail keeps it.
    expect(submitted.lastError).toBeNull();
    const audit = await service.get(`/v1/audit/withdrawals/${created.body.id}/events`, { key: 'finance' });
    const deferral = (audit.body.events as { type: string; data: { error?: string; outcomeUnknown?: boolean } }[]).find((e) => e.type === 'WithdrawalSubmissionDeferred');
    expect(deferral?.data).toMatchObject({ outcomeUnknown: true, error: expect.stringContaining('timeout') });
    await service.settled();
    await expectBalances(label, '600.00', '400.00');
    expect(await sandboxPayouts(created.body.id)).toHaveLength(1);
  });

  it('answers 422 INSUFFICIENT_FUNDS and 400s naming the field, writing nothing', async () => {
    const label = await fundedPlayer('100');
    const refused = await withdraw(label, '101');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('INSUFFICIENT_FUNDS');
    const invalid = await service.post('/v1/withdrawals', { walletType: 'easypaisa', label, amount: '10.50', accountNumber: '0312345678' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['accountName', 'accountNumber', 'amount']);
    await expectBalances(label, '100.00', '0.00');
  });

  it('100 concurrent withdrawals against a balance covering 10: 10 accepted, 90 INSUFFICIENT_FUNDS, never negative', async () => {
    const label = await fundedPlayer('1000');
    const answers = await Promise.all(Array.from({ length: 100 }, () => withdraw(label, '100')));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    const refused = answers.filter((a) => a.status === 422);
    expect(refused).toHaveLength(90);
    expect(refused.every((a) => a.body.code === 'INSUFFICIENT_FUNDS')).toBe(true);
    await service.settled();
    await expectBalances(label, '0.00', '1000.00');
  });
});
