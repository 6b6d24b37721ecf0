import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { computePostbackSignature } from '@kassa/paykassma';
import { type ApiResponse, TestService } from './support/e2e-app';
import { eventually } from './support/eventually';

/**
 * Suspense end to end: a signed deposit postback for an order we never opened credits the
 * merchant's suspense account (never the unsigned label) unless the merchant chose "label"; finance
 * assigns the item to a player once, audited with its key id.
 */
const KEYS = {
  payments: 'sk_test_suspense_payments_key_01',
  finance: 'sk_test_suspense_finance_key_012',
  bFinance: 'sk_test_suspense_b_finance_key_01',
  lPayments: 'sk_test_suspense_l_payments_key_1',
  lFinance: 'sk_test_suspense_l_finance_key_01',
} as const;

function merchantsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kassa-suspense-e2e-')), 'merchants.json');
  writeFileSync(path, JSON.stringify({
    merchants: [
      { id: 'default', paykassma: {} },
      { id: 'brand-b', paykassma: {}, unmatchedCredits: 'suspense' },
      { id: 'brand-l', paykassma: {}, unmatchedCredits: 'label' },
    ],
  }));
  return path;
}

describe('Suspense (e2e)', () => {
  let service: TestService;
  let transactions = 0;

  const as = (key: keyof typeof KEYS, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<ApiResponse> =>
    service.request(method, path, body, { key: null, headers: { authorization: `Bearer ${KEYS[key]}` }, idempotencyKey });

  /** A signed deposit postback of `merchant` for no order of ours, carrying an unsigned label. */
  function unmatchedPostback(merchant: string, transactionId: string, amount: string, label = 'walk-in') {
    const keys = service.config.merchants.find((m) => m.id === merchant)!.paykassma;
    const additionalData = [{
      activated_datetime: '2024-05-01 10:00:00', exchanger_identifier: null, comment: '', amount, currency_code: 'INR',
      wallet_type: 'paytm', stockpiling_id: 1, transaction_id: transactionId, transaction_type: 0, plugin_custom_order_id: null,
      withdrawal_id: null, withdrawal_status: null, account_number: '', account_name: '', account_email: '',
      bank_details: { bank_code: '', branch_code: '' },
    }];
    const body = {
      signature: computePostbackSignature({ accessKey: keys.postbackAccessKey, privateKey: keys.postbackPrivateKey }, additionalData),
      wallet_type: 'paytm', amount: Number(amount), currency_code: 'INR', label, converted_amount: { USD: 3, INR: Number(amount) },
      direction: 'ingoing', created_datetime: '2024-05-01 10:00:05', access_key: keys.postbackAccessKey, additional_data: additionalData,
    };
    return service.request('POST', `/paykassma/postback/${merchant}`, body, { key: null });
  }

  const nextTransaction = () => `6${String(process.pid % 1000).padStart(3, '0')}${String(++transactions).padStart(7, '0')}`;
  const balances = async (key: 'payments' | 'lPayments', label: string) => (await as(key, 'GET', `/v1/players/${label}/balances`)).body.balances;
  const openItems = async (key: 'finance' | 'bFinance' | 'lFinance') => (await as(key, 'GET', '/v1/suspense?status=open')).body.data;
  const suspenseTotal = async () => (await as('finance', 'GET', '/v1/reports/balances')).body.currencies.find((line: { currency: string }) => line.currency === 'INR')?.suspense;
  const suspenseEvents = async (id: string) => (await as('finance', 'GET', `/v1/audit/suspense/${id}/events`)).body.events;

  beforeAll(async () => {
    service = await TestService.start({
      LEDGER_MERCHANTS_FILE: merchantsFile(),
      LEDGER_API_KEYS: [
        `pay:payments:${KEYS.payments}`,
        `fin:finance:${KEYS.finance}`,
        `brand-b/fb:finance:${KEYS.bFinance}`,
        `brand-l/pl:payments:${KEYS.lPayments}`,
        `brand-l/fl:finance:${KEYS.lFinance}`,
      ].join(','),
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  describe('an unmatched postback at a suspense merchant', () => {
    let transactionId: string;
    let itemId: string;

    beforeAll(async () => {
      transactionId = nextTransaction();
      expect(await unmatchedPostback('default', transactionId, '250', 'walk-in')).toMatchObject({ status: 200, body: { status: 'ok' } });
      itemId = (await eventually(async () => (await openItems('finance')).find((item: { transactionId: string }) => item.transactionId === transactionId), 15_000, 'the item listed')).id;
    });

    it("credits the merchant's suspense account, never the unsigned label", async () => {
      expect(await balances('payments', 'walk-in')).toEqual([]);
      expect((await as('finance', 'GET', `/v1/suspense/${itemId}`)).body).toEqual({
        id: itemId, status: 'open', merchant: 'default', walletType: 'paytm', currency: 'INR', amount: '250.00', transactionId,
        unsignedLabel: 'walk-in', creditedAt: expect.any(String), assignedTo: null, assignedAt: null, assignedBy: null, quarantinedCount: 0, version: 0,
      });
      await service.settled();
      expect(await suspenseTotal()).toBe('250.00');
      const journal: { account: string; account_kind: string; label: string | null; amount_minor: string }[] = await service.dataSource.query(
        `SELECT account, account_kind, label, amount_minor::text AS amount_minor FROM ledger_entries WHERE tenant_id = 'default' AND reference = $1 ORDER BY account`, [itemId],
      );
      expect(journal).toEqual([
        { account: 'clearing:paytm', account_kind: 'clearing', label: null, amount_minor: '25000' },
        { account: 'suspense', account_kind: 'suspense', label: null, amount_minor: '-25000' },
      ]);
    });

    it('is an unmatched_deposit exception linking to the item and its assignment', async () => {
      const report = (await as('finance', 'GET', '/v1/reports/exceptions')).body;
      expect(report.items).toEqual(expect.arrayContaining([expect.objectContaining({
        category: 'unmatched_deposit', reference: itemId, amount: '250.00', currency: 'INR',
        links: { audit: `/v1/audit/suspense/${itemId}/events`, view: `/v1/suspense/${itemId}`, assign: `/v1/suspense/${itemId}/assign` },
      })]));
    });

    it('does nothing more for a duplicate, and quarantines a signed repeat with another amount', async () => {
      expect((await unmatchedPostback('default', transactionId, '250')).status).toBe(200);
      expect((await unmatchedPostback('default', transactionId, '900', 'someone-else')).status).toBe(200);
      expect((await unmatchedPostback('default', transactionId, '900', 'someone-else')).status).toBe(200);
      expect((await suspenseEvents(itemId)).map((event: { type: string }) => event.type)).toEqual(['SuspenseCredited', 'PostbackQuarantined']);
      await service.settled();
      expect(await suspenseTotal()).toBe('250.00');
      expect(await balances('payments', 'someone-else')).toEqual([]);
      expect((await as('finance', 'GET', `/v1/suspense/${itemId}`)).body).toMatchObject({ amount: '250.00', quarantinedCount: 1 });
    });

    it('refuses an assignment without a valid label, naming the field, and without an Idempotency-Key', async () => {
      for (const body of [{}, { label: '' }, { label: 7 }, { label: 'x'.repeat(191) }]) {
        const refused = await as('finance', 'POST', `/v1/suspense/${itemId}/assign`, body, `bad-${Math.random()}`);
        expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'label' })] } });
      }
      expect((await as('finance', 'POST', `/v1/suspense/${itemId}/assign`, { label: 'player-7' })).status).toBe(400);
      expect((await as('payments', 'POST', `/v1/suspense/${itemId}/assign`, { label: 'player-7' }, 'by-payments')).status).toBe(403);
      expect((await as('finance', 'GET', `/v1/suspense/${itemId}`)).body.status).toBe('open');
    });

    it("answers another merchant's key 404, exactly as for an item that does not exist", async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const strip = (answer: ApiResponse) => ({ status: answer.status, ...answer.body, detail: String(answer.body.detail).replace(/[0-9a-f-]{36}/g, '<id>') });
      for (const [foreign, absent] of [
        [`/v1/suspense/${itemId}`, `/v1/suspense/${missing}`],
        [`/v1/audit/suspense/${itemId}/events`, `/v1/audit/suspense/${missing}/events`],
      ]) {
        expect(strip(await as('bFinance', 'GET', foreign))).toEqual(strip(await as('bFinance', 'GET', absent)));
      }
      const foreign = await as('bFinance', 'POST', `/v1/suspense/${itemId}/assign`, { label: 'thief' }, 'foreign-1');
      const absent = await as('bFinance', 'POST', `/v1/suspense/${missing}/assign`, { label: 'thief' }, 'foreign-2');
      expect(foreign.status).toBe(404);
      expect(strip(foreign)).toEqual(strip(absent));
      expect(await openItems('bFinance')).toEqual([]);
      expect((await as('finance', 'GET', `/v1/suspense/${itemId}`)).body.status).toBe('open');
    });

    it('assigns it to a player once: the balance shows it at once, a replay answers the same, a second assignment is 409', async () => {
      const assigned = await as('finance', 'POST', `/v1/suspense/${itemId}/assign`, { label: 'player-7' }, 'assign-once');
      expect(assigned).toMatchObject({ status: 200, body: { id: itemId, status: 'assigned', assignedTo: 'player-7', assignedBy: 'fin', amount: '250.00' } });
      expect(await balances('payments', 'player-7')).toEqual([expect.objectContaining({ currency: 'INR', available: '250.00', held: '0.00' })]);

      const replayed = await as('finance', 'POST', `/v1/suspense/${itemId}/assign`, { label: 'player-7' }, 'assign-once');
      expect(replayed.status).toBe(200);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(assigned.body);

      for (const label of ['player-7', 'player-8']) {
        const again = await as('finance', 'POST', `/v1/suspense/${itemId}/assign`, { label }, `assign-again-${label}`);
        expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_ASSIGNED' } });
      }
      expect(await balances('payments', 'player-7')).toEqual([expect.objectContaining({ currency: 'INR', available: '250.00' })]);
      expect(await balances('payments', 'player-8')).toEqual([]);

      const events = await suspenseEvents(itemId);
      expect(events.filter((event: { type: string }) => event.type === 'SuspenseAssigned')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ label: 'player-7', assignedBy: 'fin' }), metadata: expect.objectContaining({ actor: 'fin' }) }),
      ]);
    });

    it('leaves the exceptions, moves suspense to the player in the journal, and lists the item as assigned', async () => {
      await service.settled();
      const report = (await as('finance', 'GET', '/v1/reports/exceptions')).body;
      // The quarantined repeat stays an exception of its own; the open item is gone.
      const about = report.items.filter((item: { reference: string }) => item.reference === itemId).map((item: { category: string }) => item.category);
      expect(about).toEqual(['postback_quarantined']);
      expect(await suspenseTotal()).toBe('0.00');
      const entries = (await as('payments', 'GET', '/v1/players/player-7/entries')).body.data;
      expect(entries).toEqual([expect.objectContaining({ eventType: 'FundsCreditedFromSuspense', reference: itemId, amount: '+250.00', accountKind: 'available' })]);
      expect((await openItems('finance')).map((item: { id: string }) => item.id)).not.toContain(itemId);
      const assigned = (await as('finance', 'GET', '/v1/suspense?status=assigned')).body.data;
      expect(assigned).toEqual([expect.objectContaining({ id: itemId, assignedTo: 'player-7', assignedBy: 'fin', assignedAt: expect.any(String) })]);
      expect((await as('finance', 'GET', '/v1/suspense?status=closed')).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'status' })] });
    });
    it("reconciles: the provider statement's line for the transaction matches the item (the money was received)", async () => {
      const at = DateTime.now().setZone('Asia/Manila').toFormat('yyyy-MM-dd HH:mm:ss');
      const csv = ['direction,wallet_type,transaction_id,withdrawal_id,amount,currency,status,datetime', `ingoing,paytm,${transactionId},,250,INR,success,${at}`].join('\n');
      const form = new FormData();
      form.set('file', new Blob([csv], { type: 'text/csv' }), 'statement.csv');
      const answer = await as('finance', 'POST', '/v1/reconciliation/statements', form, 'statement-1');
      expect(answer.status).toBe(201);
      expect(answer.body.matched).toEqual([expect.objectContaining({ line: 2, ledger: expect.objectContaining({ id: itemId, status: 'in_suspense', amount: '250.00' }) })]);
      expect(answer.body.missingInLedger).toEqual([]);
      expect(answer.body.missingAtProvider).toEqual([]);
    });
  });

  it('a "label" merchant keeps crediting the unsigned label, flagged unmatched, with no suspense item', async () => {
    const transactionId = nextTransaction();
    expect((await unmatchedPostback('brand-l', transactionId, '120', 'risk-taker')).status).toBe(200);
    expect(await balances('lPayments', 'risk-taker')).toEqual([expect.objectContaining({ currency: 'INR', available: '120.00' })]);
    const listed = await eventually(async () => (await as('lPayments', 'GET', '/v1/deposits?label=risk-taker')).body.data[0]);
    expect(listed.flags.unmatched).toBe(true);
    await service.settled();
    expect(await openItems('lFinance')).toEqual([]);
  });
});
