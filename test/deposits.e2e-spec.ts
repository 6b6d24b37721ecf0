import { computePostbackSignature } from '@kassa/paykassma';
import { SANDBOX_KEYS } from '@kassa/platform';
import { TestService } from './support/e2e-app';
import { eventually } from './support/eventually';

/** A 1×1 PNG: a real image for the manual wallets' screenshot. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

function screenshotForm(fields: Record<string, string>, file: Buffer = PNG, type = 'image/png'): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('screenshot', new Blob([file], { type }), 'payment.png');
  return form;
}

const WALLETS = [
  { walletType: 'paytm', currency: 'INR', key1: '47381113463', manual: false },
  { walletType: 'easypaisa', currency: 'PKR', key1: '67923175246', manual: false },
  { walletType: 'khalti_ml', currency: 'NPR', key1: '01003246080588218368', manual: true },
  { walletType: 'esewa_ml', currency: 'NPR', key1: '5750E9FB', manual: true },
  { walletType: 'upay_manual', currency: 'LKR', key1: 'B3A240229-009236', manual: true },
] as const;

describe('Deposits end to end (HTTP, sandbox, signed postbacks)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start();
  });

  afterAll(async () => {
    await service.close();
  });

  async function eventCount(): Promise<number> {
    const rows: { n: number }[] = await service.dataSource.query('SELECT count(*)::int AS n FROM events');
    return rows[0].n;
  }

  async function openDeposit(walletType: string, label: string, amount?: string) {
    const response = await service.post('/v1/deposits', { walletType, label, ...(amount ? { amount } : {}) });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function balanceOf(label: string, currency: string): Promise<string | undefined> {
    const response = await service.get(`/v1/players/${encodeURIComponent(label)}/balances`);
    return response.body.balances?.find((line: { currency: string }) => line.currency === currency)?.available;
  }

  describe.each(WALLETS)('$walletType', ({ walletType, currency, key1, manual }) => {
    it('opens, activates, takes the signed postback and credits the balance', async () => {
      const label = `player-${walletType}`;
      const deposit = await openDeposit(walletType, label, '500');
      expect(deposit).toMatchObject({ status: 'created', walletType, currency, label });
      expect(deposit.walletDetails).toBeTruthy();
      expect(deposit.paymentUrl).toContain(`custom_transaction_id=${deposit.id}`);
      expect(deposit.paymentUrl).toContain('fixed_amount=500');

      const activation = manual
        ? await service.post(`/v1/deposits/${deposit.id}/activation`, screenshotForm({ transactionId: key1, amount: '500' }))
        : await service.post(`/v1/deposits/${deposit.id}/activation`, { transactionId: key1, amount: '500' });
      expect(activation.status).toBe(200);
      // The sandbox sends an automatic wallet's postback as it takes the activation: on a busy machine
      // that postback can be applied before the activation's own answer is written.
      expect(manual ? ['awaiting_confirmation'] : ['awaiting_confirmation', 'credited']).toContain(activation.body.status);
      if (manual) {
        const approved = await service.sandboxControl('POST', `/possible-transactions/${deposit.id}/approve`, {});
        expect(approved.status).toBeLessThan(300);
      }

      const credited = await eventually(async () => {
        const view = await service.get(`/v1/deposits/${deposit.id}`);
        return view.body.status === 'credited' ? view.body : undefined;
      }, 15_000, `${walletType} credited`);
      expect(credited.credit.amount).toBe('500.00');
      await eventually(async () => ((await balanceOf(label, currency)) === '500.00' ? true : undefined), 15_000, 'balance');
    });
  });

  describe('activation answers', () => {
    it.each([
      ['47381113460', 'activation_rejected'],
      ['47381113461', 'awaiting_confirmation'],
      ['47381113462', 'awaiting_confirmation'],
      ['47381113483', 'awaiting_confirmation'],
    ])('key1 %s leads to %s and credits nothing yet', async (key1, status) => {
      const label = `answers-${key1}`;
      const deposit = await openDeposit('paytm', label);
      const activation = await service.post(`/v1/deposits/${deposit.id}/activation`, { transactionId: key1, amount: '100' });
      expect(activation.status).toBe(200);
      // An `ok` answer is followed by the sandbox's postback, which may be applied before this answer is read.
      const accepted = key1.endsWith('3') ? [status, 'credited'] : [status];
      expect(accepted).toContain(activation.body.status);
      if (key1.endsWith('1') || key1.endsWith('2')) {
        await service.settled();
        expect(await balanceOf(label, 'INR')).toBeUndefined();
      }
    });

    it('lets the player submit again after a rejected activation', async () => {
      const deposit = await openDeposit('paytm', 'retry-player');
      const rejected = await service.post(`/v1/deposits/${deposit.id}/activation`, { transactionId: '47381113470', amount: '100' });
      expect(rejected.body.status).toBe('activation_rejected');
      const accepted = await service.post(`/v1/deposits/${deposit.id}/activation`, { transactionId: '47381113473', amount: '100' });
      expect(['awaiting_confirmation', 'credited']).toContain(accepted.body.status);
      await eventually(async () => ((await balanceOf('retry-player', 'INR')) === '100.00' ? true : undefined));
    });
  });

  describe('postbacks', () => {
    function signedPostback(record: Record<string, unknown>, top: Record<string, unknown> = {}, keys: { accessKey: string; privateKey: string } = { accessKey: SANDBOX_KEYS.postbackAccessKey, privateKey: SANDBOX_KEYS.postbackPrivateKey }) {
      const additionalData = [{
        activated_datetime: '2024-05-01 10:00:00', exchanger_identifier: '99xxxx6690', comment: '', amount: '700', currency_code: 'INR',
        wallet_type: 'paytm', stockpiling_id: 1, transaction_id: '47752123519', transaction_type: 0, plugin_custom_order_id: null,
        withdrawal_id: null, withdrawal_status: null, account_number: '', account_name: '', account_email: '',
        bank_details: { bank_code: '', branch_code: '' }, ...record,
      }];
      return {
        signature: computePostbackSignature(keys, additionalData), wallet_type: 'paytm', amount: 700, currency_code: 'INR', label: 'unsigned-label',
        converted_amount: { USD: 8.41, INR: 700 }, direction: 'ingoing', created_datetime: '2024-05-01 10:00:05', access_key: keys.accessKey,
        additional_data: additionalData, ...top,
      };
    }

    it('credits once when the same postback arrives three times concurrently', async () => {
      const deposit = await openDeposit('paytm', 'triple');
      const body = signedPostback({ transaction_id: '55500011122', amount: '700', plugin_custom_order_id: deposit.id });
      const answers = await Promise.all([1, 2, 3].map(() => service.request('POST', '/paykassma/postback', body, { key: null })));
      for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
      await service.settled();
      expect(await balanceOf('triple', 'INR')).toBe('700.00');
      const again = await service.request('POST', '/paykassma/postback', body, { key: null });
      expect(again).toMatchObject({ status: 200, body: { status: 'ok' } });
      await service.settled();
      expect(await balanceOf('triple', 'INR')).toBe('700.00');
    });

    it("puts a postback for an order we never opened into the merchant's suspense account, never on the unsigned label", async () => {
      const body = signedPostback({ transaction_id: '66600011122', amount: '250', plugin_custom_order_id: null }, { label: 'walk-in' });
      const answer = await service.request('POST', '/paykassma/postback', body, { key: null });
      expect(answer.status).toBe(200);
      expect(await balanceOf('walk-in', 'INR')).toBeUndefined();
      // Lists are projections and may lag the ack. (test/suspense.e2e-spec.ts: the assignment, and "label" merchants.)
      const item = await eventually(async () => (await service.get('/v1/suspense?status=open', { key: 'finance' })).body.data[0]);
      expect(item).toMatchObject({ transactionId: '66600011122', amount: '250.00', unsignedLabel: 'walk-in' });
      expect((await service.get('/v1/deposits?label=walk-in')).body.data).toEqual([]);
    });

    it('quarantines a signed postback that conflicts with the credited one', async () => {
      const deposit = await openDeposit('paytm', 'conflict');
      const first = signedPostback({ transaction_id: '77700011122', amount: '300', plugin_custom_order_id: deposit.id });
      const second = signedPostback({ transaction_id: '77700011122', amount: '900', plugin_custom_order_id: deposit.id });
      expect((await service.request('POST', '/paykassma/postback', first, { key: null })).status).toBe(200);
      expect((await service.request('POST', '/paykassma/postback', second, { key: null })).status).toBe(200);
      await service.settled();
      expect(await balanceOf('conflict', 'INR')).toBe('300.00');
      const view = await service.get(`/v1/deposits/${deposit.id}`);
      expect(view.body.quarantinedCount).toBe(1);
    });

    it.each([
      ['an altered amount', (body: any) => { body.additional_data[0].amount = '7000'; }],
      ['an altered transaction id', (body: any) => { body.additional_data[0].transaction_id = '47752123510'; }],
      ['a truncated signature', (body: any) => { body.signature = body.signature.slice(0, 39); }],
      ['another access key', (body: any) => { body.access_key = 'someone-else'; }],
    ])('rejects %s with 401 and credits nothing', async (_what, tamper) => {
      const deposit = await openDeposit('paytm', 'tampered');
      const body = signedPostback({ transaction_id: '88800011122', plugin_custom_order_id: deposit.id });
      tamper(body);
      const before = await eventCount();
      const answer = await service.request('POST', '/paykassma/postback', body, { key: null });
      expect(answer.status).toBe(401);
      expect(await eventCount()).toBe(before);
      await service.settled();
      expect(await balanceOf('tampered', 'INR')).toBeUndefined();
    });

    it('rejects a postback signed with the wrong private key', async () => {
      const body = signedPostback({ transaction_id: '99900011122' }, {}, { accessKey: SANDBOX_KEYS.postbackAccessKey, privateKey: 'not-our-key' });
      const answer = await service.request('POST', '/paykassma/postback', body, { key: null });
      expect(answer.status).toBe(401);
      const inbox: { outcome: string }[] = await service.dataSource.query(
        "SELECT outcome FROM postback_inbox WHERE raw_body LIKE '%99900011122%'",
      );
      expect(inbox).toEqual([{ outcome: 'rejected_signature' }]);
    });
  });

  describe('validation writes nothing', () => {
    it.each([
      [{ walletType: 'paypal', label: 'x' }, 'walletType'],
      [{ walletType: 'paytm', label: 'x'.repeat(191) }, 'label'],
      [{ walletType: 'paytm', label: 'x', amount: 100 }, 'amount'],
      [{ walletType: 'paytm', label: 'x', amount: '0' }, 'amount'],
      [{ walletType: 'paytm', label: 'x', amount: '1e3' }, 'amount'],
      [{ walletType: 'paytm', label: 'x', amount: '10.001' }, 'amount'],
      [{ walletType: 'paytm', label: 'x', amount: '-5' }, 'amount'],
      [{ walletType: 'paytm', label: 'x', lang: 'fr' }, 'lang'],
      [{ walletType: 'paytm', label: 'x', extra: true }, 'extra'],
    ])('POST /v1/deposits %j → 400 naming %s', async (body, field) => {
      const before = await eventCount();
      const response = await service.post('/v1/deposits', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['paytm', { transactionId: '1234567890', amount: '100' }, 'transactionId'],
      ['paytm', { transactionId: '1234567890123', amount: '100' }, 'transactionId'],
      ['easypaisa', { transactionId: '6792317524', amount: '100' }, 'transactionId'],
      ['paytm', { transactionId: '47381113463', amount: '100.123' }, 'amount'],
    ])('%s activation %j → 400 naming %s', async (walletType, body, field) => {
      const deposit = await openDeposit(walletType, 'rules');
      const before = await eventCount();
      const response = await service.post(`/v1/deposits/${deposit.id}/activation`, body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['khalti_ml', { transactionId: '0100324608058821836', amount: '100' }, 'transactionId'],
      ['esewa_ml', { transactionId: '5750E9FB1', amount: '100' }, 'transactionId'],
      ['upay_manual', { transactionId: 'B3A240229_009236', amount: '100' }, 'transactionId'],
      ['esewa_ml', { transactionId: '5750E9FB', amount: '100.50' }, 'amount'],
    ])('%s activation %j → 400 naming %s', async (walletType, fields, field) => {
      const deposit = await openDeposit(walletType, 'rules');
      const before = await eventCount();
      const response = await service.post(`/v1/deposits/${deposit.id}/activation`, screenshotForm(fields));
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it('requires a png or jpeg screenshot for the manual wallets', async () => {
      const deposit = await openDeposit('khalti_ml', 'shots');
      const before = await eventCount();
      const missing = await service.post(`/v1/deposits/${deposit.id}/activation`, { transactionId: '01003246080588218368', amount: '100' });
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('screenshot');
      const pdf = await service.post(`/v1/deposits/${deposit.id}/activation`, screenshotForm({ transactionId: '01003246080588218368', amount: '100' }, Buffer.from('%PDF-1.4'), 'image/png'));
      expect(pdf.status).toBe(400);
      expect(pdf.body.errors.map((e: { field: string }) => e.field)).toContain('screenshot');
      expect(await eventCount()).toBe(before);
    });
  });

  describe('API contract', () => {
    it('answers 401 without a key and 403 with the wrong scope', async () => {
      expect((await service.get('/v1/deposits', { key: null })).status).toBe(401);
      const forbidden = await service.get('/v1/deposits', { key: 'finance' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
    });

    it('replays the first response for the same Idempotency-Key and refuses it with another body', async () => {
      const first = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem' }, { idempotencyKey: 'same-key-1' });
      const again = await service.post('/v1/deposits', { walletType: 'paytm', label: 'idem' }, { idempotencyKey: 'same-key-1' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const other = await service.post('/v1/deposits', { walletType: 'paytm', label: 'other' }, { idempotencyKey: 'same-key-1' });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      await service.settled();
      const list = await service.get('/v1/deposits?label=idem');
      expect(list.body.data).toHaveLength(1);
    });

    it('requires an Idempotency-Key on creating POSTs', async () => {
      const response = await service.request('POST', '/v1/deposits', { walletType: 'paytm', label: 'x' });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('Idempotency-Key');
    });

    it('serves the wallet catalogue and the OpenAPI document', async () => {
      const catalogue = await service.get('/v1/wallet-types');
      expect(catalogue.body.data.map((w: { walletType: string }) => w.walletType).sort()).toEqual(['easypaisa', 'esewa_ml', 'khalti_ml', 'paytm', 'upay_manual']);
      const docs = await service.get('/docs-json', { key: null });
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/v1/deposits', '/v1/deposits/{id}/activation', '/v1/players/{label}/balances']));
    });

    it('lists deposits with cursor pagination', async () => {
      for (let i = 0; i < 3; i++) await openDeposit('paytm', 'pager');
      await service.settled();
      const page1 = await service.get('/v1/deposits?label=pager&limit=2');
      expect(page1.body.data).toHaveLength(2);
      const page2 = await service.get(`/v1/deposits?label=pager&limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.data).toHaveLength(1);
      expect(page2.body.nextCursor).toBeNull();
      const ids = [...page1.body.data, ...page2.body.data].map((d: { id: string }) => d.id);
      expect(new Set(ids).size).toBe(3);
    });
  });
});
