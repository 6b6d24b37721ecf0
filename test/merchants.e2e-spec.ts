import { ProjectionRunner } from '@kassa/event-store';
import { computePostbackSignature } from '@kassa/paykassma';
import { VerifyCommand } from '../apps/ledger-cli/src/commands/verify.command';
import type { Output } from '../apps/ledger-cli/src/commands/output';
import { type ApiResponse, TestService } from './support/e2e-app';
import { eventually } from './support/eventually';
import { twoMerchantsFile } from './support/merchants-file';
import { transactionNumber } from './support/money-flows';

/** Two merchants on one service, both on the built-in sandbox, each with keys of its own. */
const KEYS = {
  aPayments: 'sk_test_merchant_a_payments',
  aFinance: 'sk_test_merchant_a_finance',
  bPayments: 'sk_test_merchant_b_payments',
  bFinance: 'sk_test_merchant_b_finance',
  allFinance: 'sk_test_all_merchants_finance',
  bAdmin: 'sk_test_merchant_b_admin',
  allAdmin: 'sk_test_all_merchants_admin',
} as const;

describe('Several merchants on one service (e2e, sandbox)', () => {
  let service: TestService;

  function as(key: keyof typeof KEYS, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<ApiResponse> {
    return service.request(method, path, body, {
      key: null,
      headers: { authorization: `Bearer ${KEYS[key]}` },
      idempotencyKey: idempotencyKey ?? (method === 'POST' ? `idem-${Math.random().toString(36).slice(2)}` : undefined),
    });
  }

  /** A paytm deposit of `key`'s merchant, activated at that merchant's sandbox and credited by its postback. */
  async function creditedDeposit(key: 'aPayments' | 'bPayments', label: string, amount: string): Promise<string> {
    const opened = await as(key, 'POST', '/v1/deposits', { walletType: 'paytm', label, amount });
    expect(opened.status).toBe(201);
    const activated = await as(key, 'POST', `/v1/deposits/${opened.body.id}/activation`, { transactionId: transactionNumber('ok'), amount });
    expect(activated.status).toBe(200);
    await eventually(async () => ((await as(key, 'GET', `/v1/deposits/${opened.body.id}`)).body.status === 'credited' ? true : undefined), 15_000, 'credited');
    return opened.body.id;
  }

  let depositA: string;
  let depositB: string;
  let withdrawalA: string;

  beforeAll(async () => {
    service = await TestService.start({
      LEDGER_MERCHANTS_FILE: twoMerchantsFile(),
      LEDGER_API_KEYS: [
        `pa:payments:${KEYS.aPayments}`,
        `fa:finance:${KEYS.aFinance}`,
        `brand-b/pb:payments:${KEYS.bPayments}`,
        `brand-b/fb:finance:${KEYS.bFinance}`,
        `*/audit:finance:${KEYS.allFinance}`,
        `brand-b/ob:admin:${KEYS.bAdmin}`,
        `*/ops:admin:${KEYS.allAdmin}`,
      ].join(','),
      // Two identical refusals in a row pause a merchant's submission queue (the last test).
      PAYKASSMA_PAUSE_AFTER_REFUSALS: '2',
    });
    // The same label at both merchants: two players.
    depositA = await creditedDeposit('aPayments', 'shared-label', '500');
    depositB = await creditedDeposit('bPayments', 'shared-label', '200');
    const withdrawal = await as('aPayments', 'POST', '/v1/withdrawals', { walletType: 'paytm', label: 'shared-label', amount: '100', accountNumber: '1234567890' });
    expect(withdrawal.status).toBe(201);
    withdrawalA = withdrawal.body.id;
    await service.settled();
  }, 90_000);

  afterAll(async () => {
    await service?.close();
  });

  it('keeps each merchant its own players: the same label, two balances', async () => {
    expect((await as('aPayments', 'GET', '/v1/players/shared-label/balances')).body.balances).toEqual([
      expect.objectContaining({ currency: 'INR', available: '400.00', held: '100.00' }),
    ]);
    expect((await as('bPayments', 'GET', '/v1/players/shared-label/balances')).body.balances).toEqual([
      expect.objectContaining({ currency: 'INR', available: '200.00', held: '0.00' }),
    ]);
  });

  it('each merchant has its own sandbox: its deposits go out through its own account and its postbacks come back to its own URL', async () => {
    const deliveries = (merchant: string) => service.server.sandboxes.get(merchant)!.control.postbacks();
    expect(deliveries('brand-b')).toEqual([expect.objectContaining({ key: depositB, state: 'acknowledged' })]);
    expect(deliveries('default').map((delivery) => delivery.key)).not.toContain(depositB);
    // Acknowledged only because the signature checked out with brand-b's keys, at brand-b's URL.
    const stored: { tenant_id: string; outcome: string }[] = await service.dataSource.query(
      'SELECT tenant_id, outcome FROM postback_inbox WHERE signature_valid ORDER BY tenant_id',
    );
    expect(stored).toEqual([{ tenant_id: 'brand-b', outcome: 'applied' }, { tenant_id: 'default', outcome: 'applied' }]);
  });

  describe("another merchant's key answers 404, exactly as for an object that does not exist", () => {
    const missingDeposit = '00000000-0000-4000-8000-000000000000';

    async function expectSameAsMissing(key: keyof typeof KEYS, method: string, foreignPath: string, missingPath: string, body?: unknown): Promise<void> {
      const foreign = await as(key, method, foreignPath, body);
      const missing = await as(key, method, missingPath, body);
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      const strip = (answer: ApiResponse) => ({ ...answer.body, detail: String(answer.body.detail).replace(/[0-9a-f-]{36}/g, '<id>') });
      expect(strip(foreign)).toEqual(strip(missing));
    }

    it('GET /v1/deposits/{id}', () => expectSameAsMissing('bPayments', 'GET', `/v1/deposits/${depositA}`, `/v1/deposits/${missingDeposit}`));
    it('POST /v1/deposits/{id}/activation', () =>
      expectSameAsMissing('bPayments', 'POST', `/v1/deposits/${depositA}/activation`, `/v1/deposits/${missingDeposit}/activation`, { transactionId: transactionNumber('ok'), amount: '500' }));
    it('GET /v1/withdrawals/{id}', () => expectSameAsMissing('bPayments', 'GET', `/v1/withdrawals/${withdrawalA}`, `/v1/withdrawals/${missingDeposit}`));
    it('GET /v1/audit/deposits/{id}/events', () => expectSameAsMissing('bFinance', 'GET', `/v1/audit/deposits/${depositA}/events`, `/v1/audit/deposits/${missingDeposit}/events`));
    it('GET /v1/audit/withdrawals/{id}/events', () => expectSameAsMissing('bFinance', 'GET', `/v1/audit/withdrawals/${withdrawalA}/events`, `/v1/audit/withdrawals/${missingDeposit}/events`));
    it('GET /v1/audit/deposits/{id}/events with a merchant key naming the other merchant', () =>
      expectSameAsMissing('bFinance', 'GET', `/v1/audit/deposits/${depositA}/events?merchant=default`, `/v1/audit/deposits/${missingDeposit}/events?merchant=default`));

    it("lists, players and entries never show the other merchant's rows", async () => {
      const listed = await as('bPayments', 'GET', '/v1/deposits');
      expect(listed.body.data.map((d: { id: string }) => d.id)).toEqual([depositB]);
      expect((await as('bPayments', 'GET', '/v1/withdrawals')).body.data).toEqual([]);
      const entries = await as('bPayments', 'GET', '/v1/players/shared-label/entries');
      expect(entries.body.data.every((entry: { depositId?: string; withdrawalId?: string }) => entry.withdrawalId === undefined || entry.withdrawalId === null)).toBe(true);
      expect(JSON.stringify(entries.body)).not.toContain(depositA);
      expect(JSON.stringify((await as('bFinance', 'GET', '/v1/audit/players/shared-label/events')).body)).not.toContain(depositA);
      expect(JSON.stringify((await as('bFinance', 'GET', `/v1/lookup?q=${depositA}`)).body)).not.toContain('"kind"');
    });
  });

  it('a withdrawal by merchant B never touches merchant A\'s player', async () => {
    const refused = await as('bPayments', 'POST', '/v1/withdrawals', { walletType: 'paytm', label: 'shared-label', amount: '300', accountNumber: '1234567890' });
    expect(refused).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_FUNDS' } });
    expect((await as('aPayments', 'GET', '/v1/players/shared-label/balances')).body.balances[0].available).toBe('400.00');
  });

  describe('reports', () => {
    const year = new Date().getUTCFullYear();
    const period = `from=${year - 1}-01-01&to=${year + 1}-01-01&tz=UTC`;

    it("a merchant's finance key reads its own merchant only", async () => {
      const a = await as('aFinance', 'GET', `/v1/reports/settlement?${period}`);
      const b = await as('bFinance', 'GET', `/v1/reports/settlement?${period}`);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      // A credited 500 INR at default, 200 INR at brand-b: each report holds only its own.
      expect(JSON.stringify(a.body)).toContain('500.00');
      expect(JSON.stringify(a.body)).not.toContain('200.00');
      expect(JSON.stringify(b.body)).toContain('200.00');
      expect(JSON.stringify(b.body)).not.toContain('500.00');
      expect((await as('bFinance', 'GET', `/v1/reports/settlement?${period}&merchant=default`)).status).toBe(404);
    });

    it('a key across merchants names one merchant, or all with ?merchant=*', async () => {
      const unnamed = await as('allFinance', 'GET', `/v1/reports/settlement?${period}`);
      expect(unnamed).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'merchant' })] } });
      const one = await as('allFinance', 'GET', `/v1/reports/settlement?${period}&merchant=brand-b`);
      expect(one.body).toEqual((await as('bFinance', 'GET', `/v1/reports/settlement?${period}`)).body);
      const all = await as('allFinance', 'GET', `/v1/reports/settlement?${period}&merchant=*`);
      expect(all.status).toBe(200);
      expect(all.body.merchants.map((group: { merchant: string }) => group.merchant)).toEqual(['default', 'brand-b']);
      expect(all.body.merchants[1]).toEqual({ merchant: 'brand-b', ...one.body });
      const exceptions = await as('allFinance', 'GET', '/v1/reports/exceptions?merchant=*');
      expect(exceptions.body.merchants.map((group: { merchant: string }) => group.merchant)).toEqual(['default', 'brand-b']);
      expect((await as('allFinance', 'GET', `/v1/reports/settlement?${period}&merchant=brand-c`)).status).toBe(404);
      expect((await as('allFinance', 'GET', `/v1/audit/deposits/${depositB}/events?merchant=brand-b`)).status).toBe(200);
      expect((await as('allFinance', 'GET', `/v1/audit/deposits/${depositB}/events?merchant=default`)).status).toBe(404);
    });
  });

  describe('postbacks', () => {
    function signedDepositPostback(keys: { accessKey: string; privateKey: string }, transactionId: string) {
      const additionalData = [{
        activated_datetime: '2024-05-01 10:00:00', exchanger_identifier: '99xxxx6690', comment: '', amount: '900', currency_code: 'INR',
        wallet_type: 'paytm', stockpiling_id: 1, transaction_id: transactionId, transaction_type: 0, plugin_custom_order_id: null,
        withdrawal_id: null, withdrawal_status: null, account_number: '', account_name: '', account_email: '',
        bank_details: { bank_code: '', branch_code: '' },
      }];
      return {
        signature: computePostbackSignature(keys, additionalData), wallet_type: 'paytm', amount: 900, currency_code: 'INR', label: 'walk-in',
        converted_amount: { USD: 10.8, INR: 900 }, direction: 'ingoing', created_datetime: '2024-05-01 10:00:05', access_key: keys.accessKey,
        additional_data: additionalData,
      };
    }

    it("a postback signed with merchant A's keys sent to B's URL is refused with 401 and applies nothing", async () => {
      const aKeys = service.config.merchants.find((m) => m.id === 'default')!.paykassma;
      const body = signedDepositPostback({ accessKey: aKeys.postbackAccessKey, privateKey: aKeys.postbackPrivateKey }, '88800011122');
      const eventsBefore: { count: string }[] = await service.dataSource.query('SELECT count(*) AS count FROM events');
      const answer = await service.request('POST', '/paykassma/postback/brand-b', body, { key: null });
      expect(answer).toMatchObject({ status: 401, body: { code: 'INVALID_SIGNATURE' } });
      const eventsAfter: { count: string }[] = await service.dataSource.query('SELECT count(*) AS count FROM events');
      expect(eventsAfter[0].count).toBe(eventsBefore[0].count);
      const refused: { outcome: string }[] = await service.dataSource.query(
        "SELECT outcome FROM postback_inbox WHERE tenant_id = 'brand-b' AND signature_valid = false",
      );
      expect(refused.map((row) => row.outcome)).toEqual(['rejected_signature']);
    });

    it('a postback to an unknown merchant URL answers 404 and keeps nothing', async () => {
      const answer = await service.request('POST', '/paykassma/postback/brand-c', { any: 'thing' }, { key: null });
      expect(answer.status).toBe(404);
      const kept: { count: string }[] = await service.dataSource.query("SELECT count(*) AS count FROM postback_inbox WHERE tenant_id = 'brand-c'");
      expect(kept[0].count).toBe('0');
    });
  });

  describe('what a key reaches, and balances by merchant', () => {
    it('GET /v1/merchants names the key and the merchants it reaches, never another merchant for a merchant key', async () => {
      expect((await as('bPayments', 'GET', '/v1/merchants')).body).toEqual({
        key: { id: 'pb', scopes: ['payments'], merchant: 'brand-b' },
        data: [{ id: 'brand-b', timeZone: 'Asia/Karachi' }],
      });
      const all = await as('allFinance', 'GET', '/v1/merchants');
      expect(all.status).toBe(200);
      expect(all.body.key).toEqual({ id: 'audit', scopes: ['finance'], merchant: '*' });
      expect(all.body.data.map((merchant: { id: string }) => merchant.id)).toEqual(['default', 'brand-b']);
    });

    it('GET /v1/reports/balances?merchant=* gives one group per merchant, each equal to that merchant\'s own answer', async () => {
      const all = await as('allFinance', 'GET', '/v1/reports/balances?merchant=*');
      expect(all.status).toBe(200);
      expect(all.body.merchants.map((group: { merchant: string }) => group.merchant)).toEqual(['default', 'brand-b']);
      const own = { default: (await as('aFinance', 'GET', '/v1/reports/balances')).body, 'brand-b': (await as('bFinance', 'GET', '/v1/reports/balances')).body };
      for (const group of all.body.merchants) {
        const { merchant, asOf: _asOf, ...totals } = group;
        const { asOf: _ownAsOf, ...ownTotals } = own[merchant as keyof typeof own];
        expect(totals).toEqual(ownTotals);
      }
      expect(all.body.merchants[1].currencies).toEqual([expect.objectContaining({ currency: 'INR', wallets: 1, available: '200.00', held: '0.00', total: '200.00' })]);
      expect((await as('allFinance', 'GET', '/v1/reports/balances')).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'merchant' })] });
    });

    it('a malformed ?merchant= is a 400 naming the field; a well-formed unknown one is 404', async () => {
      const malformed = await as('allFinance', 'GET', '/v1/reports/balances?merchant=Brand_B!');
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'merchant', message: expect.stringContaining('a-z, 0-9') }] });
      expect((await as('allFinance', 'GET', '/v1/reports/balances?merchant=brand-c')).status).toBe(404);
      expect((await as('allFinance', 'GET', '/v1/reports/balances?merchant=default&merchant=brand-b')).status).toBe(400);
    });
  });

  describe('verify covers every merchant', () => {
    const lines: string[] = [];
    const quiet: Output = { line: (text) => lines.push(text), stream: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream };

    it("finds drift in merchant B's rows, records it under B only, and a rebuild repairs it", async () => {
      await service.settled();
      const clean = await as('allAdmin', 'POST', '/v1/admin/verify?merchant=*');
      expect(clean.status).toBe(200);
      expect(clean.body.ok).toBe(true);
      expect(clean.body.merchants.map((run: { merchant: string; ok: boolean }) => [run.merchant, run.ok])).toEqual([['default', true], ['brand-b', true]]);
      expect((await as('allAdmin', 'POST', '/v1/admin/verify')).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'merchant' })] });

      await service.dataSource.query("UPDATE wallet_balances SET available_minor = available_minor + 1 WHERE tenant_id = 'brand-b' AND label = 'shared-label'");
      const drifted = await as('allAdmin', 'POST', '/v1/admin/verify?merchant=*');
      expect(drifted.body.ok).toBe(false);
      expect(drifted.body.merchants.map((run: { merchant: string; driftedTables: string[] }) => [run.merchant, run.driftedTables])).toEqual([['default', []], ['brand-b', ['wallet_balances']]]);
      const bRun = drifted.body.merchants[1];
      // B's own admin key verifies B only; default's key does not see B's drift.
      expect((await as('bAdmin', 'POST', '/v1/admin/verify')).body).toMatchObject({ merchant: 'brand-b', ok: false, driftedTables: ['wallet_balances'] });
      const cli = await service.withCli((context) => context.get(VerifyCommand).run({}, quiet));
      expect(cli.exitCode).toBe(1);
      expect(cli.result.runs.map((run) => [run.merchant, run.ok])).toEqual([['default', true], ['brand-b', false]]);
      expect(lines.join('\n')).toContain('DRIFT at brand-b in wallet_balances');
      expect((await service.withCli((context) => context.get(VerifyCommand).run({ merchant: 'default' }, quiet))).exitCode).toBe(0);

      // Each merchant's finance sees its own last verify: B's drift at B, nothing at default.
      const bReport = (await as('bFinance', 'GET', '/v1/reports/exceptions')).body;
      expect(bReport.lastVerify).toMatchObject({ ok: false, driftedTables: ['wallet_balances'] });
      expect(bReport.items).toContainEqual(expect.objectContaining({ category: 'ledger_drift' }));
      expect((await as('aFinance', 'GET', '/v1/reports/exceptions')).body.lastVerify).toMatchObject({ ok: true });
      const ready = await service.get('/ready', { key: null });
      expect(ready.body.checks.ledgerVerify.merchants['brand-b']).toMatchObject({ ok: false });
      expect(ready.body.checks.ledgerVerify.lastRun).toMatchObject({ ok: true });
      expect(bRun.id).not.toBe(drifted.body.merchants[0].id);

      await service.server.app.get(ProjectionRunner).rebuild('read-model.wallet-balances', { timeoutMs: 20_000 });
      expect((await as('bAdmin', 'POST', '/v1/admin/verify')).body).toMatchObject({ merchant: 'brand-b', ok: true });
    });
  });

  // Runs after the isolation checks: it adds a withdrawal at brand-b, which they expect none of.
  it("a withdrawal by merchant B is sent to B's provider account and finished there", async () => {
    const bSandbox = (path: string, method = 'GET', body?: unknown) => as('bAdmin', method, `/sandbox/merchants/brand-b/sandbox-control${path}`, body);
    const created = await as('bPayments', 'POST', '/v1/withdrawals', { walletType: 'paytm', label: 'shared-label', amount: '50', accountNumber: '1234567890' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    const sentToB = await eventually(async () => {
      const listed = await bSandbox('/withdrawals');
      const found = (listed.body.data as { withdrawalId: string }[]).filter((payout) => payout.withdrawalId === id);
      return found.length > 0 ? found : undefined;
    }, 15_000, "brand-b's withdrawal at brand-b's sandbox");
    expect(sentToB).toEqual([expect.objectContaining({ withdrawalId: id, amount: '50.00' })]);
    const atDefault = service.server.sandboxes.get('default')!.control;
    expect(JSON.stringify(atDefault.withdrawals())).not.toContain(id);

    const finished = await bSandbox(`/withdrawals/${id}/finish`, 'POST', { status: 1 });
    expect(finished.status).toBeLessThan(300);
    await eventually(async () => ((await as('bPayments', 'GET', `/v1/withdrawals/${id}`)).body.status === 'succeeded' ? true : undefined), 15_000, 'succeeded');
    expect((await as('bPayments', 'GET', '/v1/players/shared-label/balances')).body.balances).toEqual([
      expect.objectContaining({ currency: 'INR', available: '150.00', held: '0.00' }),
    ]);
    expect((await as('bAdmin', 'GET', '/v1/admin/withdrawal-queue')).body).toMatchObject({ state: 'running', queued: 0, parked: 0 });
  });

  // Runs last: it pauses brand-b's submission queue.
  it("merchant B's queue pausing after identical refusals leaves merchant A's queue running; metrics show each", async () => {
    const bSandbox = (path: string, method = 'GET', body?: unknown) => as('bAdmin', method, `/sandbox/merchants/brand-b/sandbox-control${path}`, body);
    const withdraw = async (key: 'aPayments' | 'bPayments', amount: string) => {
      const created = await as(key, 'POST', '/v1/withdrawals', { walletType: 'paytm', label: 'shared-label', amount, accountNumber: '1234567890' });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const viewOf = async (key: 'aPayments' | 'bPayments', id: string) => (await as(key, 'GET', `/v1/withdrawals/${id}`)).body;
    // Brand-b's provider account refuses every payout with the same reason.
    expect((await bSandbox('/balances', 'POST', { currency: 'INR', amount: '1' })).status).toBeLessThan(300);
    const refused = await withdraw('bPayments', '10');
    await eventually(async () => ((await viewOf('bPayments', refused)).status === 'rejected' ? true : undefined), 15_000, 'first refusal rejected');
    const held = await withdraw('bPayments', '10');
    await eventually(async () => ((await as('bAdmin', 'GET', '/v1/admin/withdrawal-queue')).body.state === 'paused' ? true : undefined), 15_000, "brand-b's queue paused");
    const waiting = await withdraw('bPayments', '10');

    // Merchant A's withdrawal goes out while B's queue is paused.
    const fromA = await withdraw('aPayments', '50');
    await eventually(async () => ((await viewOf('aPayments', fromA)).status === 'submitted' ? true : undefined), 15_000, "default's withdrawal submitted");
    expect((await as('allAdmin', 'GET', '/v1/admin/withdrawal-queue?merchant=default')).body).toMatchObject({ state: 'running', pause: null });
    await service.settled();
    expect(await viewOf('bPayments', held)).toMatchObject({ status: 'requested' });
    expect(await viewOf('bPayments', waiting)).toMatchObject({ status: 'requested', attempts: 0 });

    const metrics = (await service.get('/metrics', { key: null })).body as string;
    expect(metrics).toMatch(/^kassa_withdrawal_queue_paused\{merchant="brand-b"\} 1$/m);
    expect(metrics).toMatch(/^kassa_withdrawal_queue_paused\{merchant="default"\} 0$/m);
    expect(metrics).toMatch(/^kassa_withdrawal_submissions\{merchant="brand-b",state="queued"\} 2$/m);
    expect(metrics).toMatch(/^kassa_withdrawal_submissions\{merchant="default",state="queued"\} 0$/m);
    expect(metrics).toMatch(/^kassa_withdrawal_submissions\{merchant="brand-b",state="parked"\} 0$/m);
    // The pause is B's exception, not A's.
    const categories = async (key: 'aFinance' | 'bFinance') => ((await as(key, 'GET', '/v1/reports/exceptions')).body.items as { category: string }[]).map((item) => item.category);
    expect(await categories('bFinance')).toContain('withdrawal_queue_paused');
    expect(await categories('aFinance')).not.toContain('withdrawal_queue_paused');

    // B's operator resumes B's queue: the held and the waiting withdrawal go out.
    await bSandbox('/balances', 'POST', { currency: 'INR', amount: null });
    expect((await as('bAdmin', 'POST', '/v1/admin/withdrawal-queue/resume')).body.state).toBe('running');
    for (const id of [held, waiting]) await eventually(async () => ((await viewOf('bPayments', id)).status === 'submitted' ? true : undefined), 15_000, `${id} submitted after the resume`);
    expect((await service.get('/metrics', { key: null })).body).toMatch(/^kassa_withdrawal_queue_paused\{merchant="brand-b"\} 0$/m);
  });
});
