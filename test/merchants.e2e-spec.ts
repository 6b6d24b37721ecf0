import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computePostbackSignature } from '@kassa/paykassma';
import { type ApiResponse, TestService } from './support/e2e-app';
import { eventually } from './support/eventually';
import { transactionNumber } from './support/money-flows';

/** Two merchants on one service, both on the built-in sandbox, each with keys of its own. */
const KEYS = {
  aPayments: 'sk_test_merchant_a_payments',
  aFinance: 'sk_test_merchant_a_finance',
  bPayments: 'sk_test_merchant_b_payments',
  bFinance: 'sk_test_merchant_b_finance',
  allFinance: 'sk_test_all_merchants_finance',
  bAdmin: 'sk_test_merchant_b_admin',
} as const;

function merchantsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kassa-merchants-e2e-')), 'merchants.json');
  writeFileSync(path, JSON.stringify({ merchants: [{ id: 'default', paykassma: {} }, { id: 'brand-b', paykassma: { timeZone: 'Asia/Karachi' } }] }));
  return path;
}

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
      LEDGER_MERCHANTS_FILE: merchantsFile(),
      LEDGER_API_KEYS: [
        `pa:payments:${KEYS.aPayments}`,
        `fa:finance:${KEYS.aFinance}`,
        `brand-b/pb:payments:${KEYS.bPayments}`,
        `brand-b/fb:finance:${KEYS.bFinance}`,
        `*/audit:finance:${KEYS.allFinance}`,
        `brand-b/ob:admin:${KEYS.bAdmin}`,
      ].join(','),
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

  // Runs last: it adds a withdrawal at brand-b, which the isolation checks above expect none of.
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
});
