import {
  buildWithdrawalRequest,
  PaykassmaClient,
  ProviderRejected,
  ProviderUnavailable,
  type ActivationRequest,
  type FetchLike,
} from '../src';
import express from 'express';
import { listen, postJson, SANDBOX_KEYS, startSandbox } from './support/http-harness';

type Harness = Awaited<ReturnType<typeof startSandbox>>;
let h: Harness;
let client: PaykassmaClient;

beforeAll(async () => {
  h = await startSandbox();
  client = new PaykassmaClient({ apiUrl: h.apiUrl, pluginApiSecret: SANDBOX_KEYS.pluginApiSecret, timeoutMs: 2000 });
});
afterAll(() => h.close());

const PNG = { data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), fileName: 'receipt.png', contentType: 'image/png' };
let seq = 0;
const uniqueId = (prefix: string) => `${prefix}-${++seq}-${Date.now()}`;

async function rejection(promise: Promise<unknown>): Promise<ProviderRejected> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderRejected);
  return error as ProviderRejected;
}

async function unavailable(promise: Promise<unknown>): Promise<ProviderUnavailable> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderUnavailable);
  return error as ProviderUnavailable;
}

function paytm(transactionId: string, amountMinor = 120050n): ActivationRequest {
  return { walletType: 'paytm', label: 'player-1', transactionId, amount: { amountMinor, currency: 'INR' }, customTransactionId: uniqueId('dep') };
}

describe('create deposit', () => {
  it.each([
    ['paytm', 'INR', { identifier: '6234234234' }],
    ['easypaisa', 'PKR', { identifier: '03919394039' }],
    ['khalti_ml', 'NPR', { 'Khalti Number': '9831842321' }],
    ['esewa_ml', 'NPR', { 'eSewa Number': '9831842321', is_check_amount: null }],
    ['upay_manual', 'LKR', { 'Account number': '066013529665120', 'Bank name': 'Seylan [Mathugama]', 'Holder name': 'K A PALITHA', is_check_amount: null }],
  ])('%s returns the documented wallet details', async (walletType, currency, params) => {
    await expect(client.createDeposit(walletType, { currency, label: 'eligendi' })).resolves.toEqual({ status: 'ok', params });
  });

  it('a wrong currency is a rejection with a field message', async () => {
    const error = await rejection(client.createDeposit('paytm', { currency: 'PKR', label: 'x' }));
    expect(Object.keys(error.fieldMessages ?? {})).toEqual(['currency']);
  });

  it('a wrong secret is a 404: unavailable, not processed, and the secret never appears', async () => {
    const secret = 'top-secret-value';
    const wrong = new PaykassmaClient({ apiUrl: h.apiUrl, pluginApiSecret: secret, timeoutMs: 2000 });
    const error = await unavailable(wrong.createDeposit('paytm', { currency: 'INR', label: 'x' }));
    expect(error).toMatchObject({ reason: 'http-status', outcome: 'not-processed', httpStatus: 404 });
    expect(`${error.message} ${error.stack}`).not.toContain(secret);
  });
});

describe('JSON activation (deterministic by the last key1 digit)', () => {
  it('…3 → ok with deposit_amount kept exact', async () => {
    await expect(client.activate(paytm('47381113463'))).resolves.toEqual({
      status: 'ok',
      deposit: true,
      depositAmountText: '1200.5',
      depositAmount: { amountMinor: 120050n, currency: 'INR' },
    });
  });

  it('…1 → pending', async () => {
    await expect(client.activate(paytm('47381113461'))).resolves.toMatchObject({ status: 'pending', message: expect.stringMatching(/status check/) });
  });

  it('…2 → possible_transaction_created', async () => {
    await expect(client.activate(paytm('47381113462'))).resolves.toEqual({
      status: 'possible_transaction_created',
      message: 'Transaction not found. Possible transaction created',
    });
  });

  it('…0 → fail (string message), and the same custom_transaction_id may be submitted again', async () => {
    const request = paytm('47381113460');
    const error = await rejection(client.activate(request));
    expect(error.providerMessage).toBe('Transaction not found');
    expect(error.fieldMessages).toBeNull();
    await expect(client.activate({ ...request, transactionId: '47381113464' })).resolves.toMatchObject({ status: 'ok' });
  });

  it('fail with an object message (Laravel style) for a bad key1 and a reused custom_transaction_id', async () => {
    const bad = await rejection(client.activate(paytm('12345')));
    expect(bad.fieldMessages).toEqual({ key1: ['The key1 must be 11–12 digits.'] });
    const request = paytm('47381113465');
    await client.activate(request);
    const reused = await rejection(client.activate({ ...request, transactionId: '47381113466' }));
    expect(Object.keys(reused.fieldMessages ?? {})).toEqual(['custom_transaction_id']);
  });
});

describe('possible-transaction (multipart + screenshot, int amount)', () => {
  const khalti = (transactionId: string): ActivationRequest => ({
    walletType: 'khalti_ml',
    label: 'player-2',
    transactionId,
    amount: { amountMinor: 1000000n, currency: 'NPR' },
    customTransactionId: uniqueId('khalti'),
    screenshot: PNG,
  });

  it('→ success with code 20000, and the sandbox stored the upload', async () => {
    const request = khalti('0100324608058821836a');
    await expect(client.activate(request)).resolves.toEqual({ status: 'success', code: 20000 });
    const stored = h.sandbox.control.deposits().find((d) => (d as { customTransactionId: string }).customTransactionId === request.customTransactionId);
    expect(stored).toMatchObject({ amount: '10000.00', status: 'awaiting_review', screenshot: { fileName: 'receipt.png', contentType: 'image/png', sizeBytes: 7 } });
  });

  it('…0 → fail', async () => {
    await rejection(client.activate(khalti('01003246080588218360')));
  });

  it('refuses a fractional amount before sending (the wire wants an int)', async () => {
    await expect(client.activate({ ...khalti('01003246080588218363'), amount: { amountMinor: 1000050n, currency: 'NPR' } })).rejects.toThrow(/whole/);
  });
});

describe('withdrawal create', () => {
  const sign = (withdrawalId: string, amountMinor = 400000n, bankCode = 'Nations Trust Bank', key = SANDBOX_KEYS.withdrawalKey) =>
    buildWithdrawalRequest(
      { withdrawalId, walletType: 'upay_manual', amount: { amountMinor, currency: 'LKR' }, label: 'test', accountNumber: '100670008622', accountName: 'AWAKA N V S', bankCode, isTest: true },
      { key },
    );

  it('ok; the same request again is ok without a second payout; a different one with the id is refused', async () => {
    const id = uniqueId('wd');
    await expect(client.createWithdrawal(sign(id))).resolves.toEqual({ status: 'ok' });
    await expect(client.createWithdrawal(sign(id))).resolves.toEqual({ status: 'ok' });
    expect(h.sandbox.control.withdrawals().filter((w) => (w as { withdrawalId: string }).withdrawalId === id)).toHaveLength(1);
    const conflict = await rejection(client.createWithdrawal(sign(id, 500000n)));
    expect(Object.keys(conflict.fieldMessages ?? {})).toEqual(['withdrawal_id']);
  });

  it('a wrong signature is refused', async () => {
    const error = await rejection(client.createWithdrawal(sign(uniqueId('wd'), 400000n, 'Nations Trust Bank', 'wrong-key')));
    expect(error.providerMessage).toBe('Invalid signature');
  });

  it('a bank outside the list is refused by field', async () => {
    const error = await rejection(client.createWithdrawal(sign(uniqueId('wd'), 400000n, 'Nations Trust')));
    expect(Object.keys(error.fieldMessages ?? {})).toEqual(['bank_details.bank_code']);
  });

  it('insufficient balance is the documented object message', async () => {
    h.sandbox.control.setBalance('LKR', '1000');
    try {
      const error = await rejection(client.createWithdrawal(sign(uniqueId('wd'))));
      expect(error.insufficientBalance).toBe(true);
      expect(error.fieldMessages).toEqual({ withdrawals_sum_amount: ['Insufficient balance'] });
    } finally {
      h.sandbox.control.setBalance('LKR', null);
    }
  });
});

describe('failures classified', () => {
  it('a timeout is unavailable with an UNKNOWN outcome (fault injected over HTTP)', async () => {
    const set = await postJson(`${h.apiUrl}/sandbox-control/faults`, { path: '/api/v1/transaction/activate', kind: 'timeout', count: 1 });
    expect(set.status).toBe(200);
    const fast = new PaykassmaClient({ apiUrl: h.apiUrl, pluginApiSecret: SANDBOX_KEYS.pluginApiSecret, timeoutMs: 200 });
    const error = await unavailable(fast.activate(paytm('47381113467')));
    expect(error).toMatchObject({ reason: 'timeout', outcome: 'unknown', isTimeout: true });
    expect(error.message).not.toContain(SANDBOX_KEYS.pluginApiSecret);
    expect(error.message).toContain('secret=***');
    // The fault was used up: the next call goes through.
    await expect(fast.activate(paytm('47381113468'))).resolves.toMatchObject({ status: 'ok' });
  });

  it('HTTP 500 is unavailable (outcome unknown)', async () => {
    h.sandbox.control.injectFault('/v2/withdrawal/create', 'http500', 1);
    const error = await unavailable(client.createWithdrawal(buildWithdrawalRequest(
      { withdrawalId: uniqueId('wd'), walletType: 'paytm', amount: { amountMinor: 100000n, currency: 'INR' }, label: 'l', accountNumber: '1234560079', isTest: true },
      { key: SANDBOX_KEYS.withdrawalKey },
    )));
    expect(error).toMatchObject({ reason: 'http-status', outcome: 'unknown', httpStatus: 500 });
  });

  it('HTTP 500 whose body says {"status":"fail"} is still unknown, never a rejection (sandbox fault)', async () => {
    h.sandbox.control.injectFault('/v2/withdrawal/create', 'http500-fail', 1);
    const error = await unavailable(client.createWithdrawal(buildWithdrawalRequest(
      { withdrawalId: uniqueId('wd'), walletType: 'paytm', amount: { amountMinor: 100000n, currency: 'INR' }, label: 'l', accountNumber: '1234560079', isTest: true },
      { key: SANDBOX_KEYS.withdrawalKey },
    )));
    expect(error).toMatchObject({ reason: 'http-status', outcome: 'unknown', httpStatus: 500 });
  });

  it('over HTTP: a 5xx is unknown whatever its body; a documented fail on a 2xx or 4xx is a rejection', async () => {
    // A stand-in provider on a local port, answering each withdrawal_id with a canned status and body.
    const answers: Record<string, { status: number; body: unknown }> = {
      a: { status: 500, body: { status: 'fail', message: 'Server Error' } },
      b: { status: 502, body: { status: 'fail', message: { withdrawals_sum_amount: ['Insufficient balance'] } } },
      c: { status: 503, body: { status: 'ok' } },
      d: { status: 200, body: { status: 'fail', message: 'Invalid signature' } },
      e: { status: 422, body: { status: 'fail', message: { amount: ['too small'] } } },
    };
    const app = express();
    app.use(express.json());
    app.post('/v2/withdrawal/create', (req, res) => {
      const answer = answers[(req.body as { withdrawal_id: string }).withdrawal_id];
      res.status(answer.status).json(answer.body);
    });
    const stub = await listen(app);
    try {
      const viaStub = new PaykassmaClient({ apiUrl: stub.url, pluginApiSecret: 's', timeoutMs: 2000 });
      const send = (withdrawalId: string) => viaStub.createWithdrawal(buildWithdrawalRequest(
        { withdrawalId, walletType: 'paytm', amount: { amountMinor: 100n, currency: 'INR' }, label: 'l', accountNumber: '1234560079', isTest: true },
        { key: 'k' },
      ));
      for (const [id, status] of [['a', 500], ['b', 502], ['c', 503]] as const) {
        expect(await unavailable(send(id))).toMatchObject({ outcome: 'unknown', httpStatus: status });
      }
      expect(await rejection(send('d'))).toMatchObject({ httpStatus: 200, providerMessage: 'Invalid signature' });
      expect(await rejection(send('e'))).toMatchObject({ httpStatus: 422, fieldMessages: { amount: ['too small'] } });
    } finally {
      await stub.close();
    }
  });

  it('connection refused is unavailable and certainly not processed', async () => {
    const closed = await listen(express());
    await closed.close(); // a port that was just free: nothing listens there now
    const dead = new PaykassmaClient({ apiUrl: `${closed.url}/x`, pluginApiSecret: 's3cr3t', timeoutMs: 1000 });
    const error = await unavailable(dead.createDeposit('paytm', { currency: 'INR', label: 'x' }));
    expect(error).toMatchObject({ reason: 'network', outcome: 'not-processed' });
    expect(error.message).not.toContain('s3cr3t');
  });

  const canned = (status: number, text: string): FetchLike => async () => new Response(text, { status });
  const cannedClient = (status: number, text: string) => new PaykassmaClient({ apiUrl: 'https://api.example.test', pluginApiSecret: 's', timeoutMs: 1000, fetch: canned(status, text) });
  const body = buildWithdrawalRequest(
    { withdrawalId: 'w', walletType: 'paytm', amount: { amountMinor: 100n, currency: 'INR' }, label: 'l', accountNumber: '1234560079', isTest: true },
    { key: 'k' },
  );

  it('parses the documentation’s pseudo-JSON answers leniently', async () => {
    await expect(cannedClient(200, '{\n    "status": "ok",\n}').createWithdrawal(body)).resolves.toEqual({ status: 'ok' });
    const error = await rejection(cannedClient(200, "{\n    'status': 'fail'\n    'message': 'MESSAGE'\n}").createWithdrawal(body));
    expect(error.providerMessage).toBe('MESSAGE');
  });

  it('429 is not processed; a garbled 200 and an undocumented status are unknown', async () => {
    expect(await unavailable(cannedClient(429, '').createWithdrawal(body))).toMatchObject({ outcome: 'not-processed', httpStatus: 429 });
    expect(await unavailable(cannedClient(200, '<html>').createWithdrawal(body))).toMatchObject({ reason: 'unparseable', outcome: 'unknown' });
    expect(await unavailable(cannedClient(200, '{"status":"queued"}').createWithdrawal(body))).toMatchObject({ reason: 'unexpected-answer', outcome: 'unknown' });
  });

  it('a fail answer on a 4xx status is still a rejection', async () => {
    const error = await rejection(cannedClient(422, '{"status":"fail","message":{"amount":["too small","min 100"]}}').createWithdrawal(body));
    expect(error).toMatchObject({ httpStatus: 422, providerMessage: 'amount: too small, min 100' });
  });
});
