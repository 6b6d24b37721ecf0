import { PaykassmaClient, buildWithdrawalRequest, parsePostback, type PostbackDelivery } from '../src';
import { postJson, SANDBOX_KEYS, startSandbox } from './support/http-harness';
import { independentPostbackSignature } from './support/independent-signature';

const FIXED_NOW = new Date('2024-02-29T06:19:15.000Z'); // 14:19:15 in Manila

function expectSignedBySandbox(body: Record<string, unknown>): void {
  expect(body['access_key']).toBe(SANDBOX_KEYS.accessKey);
  expect(body['signature']).toBe(independentPostbackSignature(SANDBOX_KEYS.accessKey, SANDBOX_KEYS.privateKey, body['additional_data']));
}

type Harness = Awaited<ReturnType<typeof startSandbox>>;
const clientFor = (h: Harness) => new PaykassmaClient({ apiUrl: h.apiUrl, pluginApiSecret: SANDBOX_KEYS.pluginApiSecret, timeoutMs: 2000 });

describe('sandbox deposit postbacks', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('an ok activation sends a full, signed postback right away', async () => {
    h = await startSandbox({ now: () => FIXED_NOW });
    await clientFor(h).activate({ walletType: 'easypaisa', label: 'player-7', transactionId: '67923175246', amount: { amountMinor: 120050n, currency: 'PKR' }, customTransactionId: 'dep-ok-1' });
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(1);
    const { raw, body } = h.receiver.received[0];
    expectSignedBySandbox(body);
    expect(Object.keys(body)).toEqual(['signature', 'wallet_type', 'amount', 'currency_code', 'label', 'converted_amount', 'direction', 'created_datetime', 'access_key', 'additional_data']);
    const parsed = parsePostback(body, raw);
    expect(parsed).toMatchObject({ direction: 'ingoing', walletType: 'easypaisa', currencyCode: 'PKR', label: 'player-7', createdDatetime: '2024-02-29 14:19:15', amountText: '1200.5' });
    expect(parsed.createdAt.toISOString()).toBe(FIXED_NOW.toISOString());
    expect(parsed.convertedAmount).toEqual({ USD: '4.32', PKR: '1200.5' });
    const [record] = parsed.records;
    expect(record).toMatchObject({
      amountText: '1200.5',
      amount: { amountMinor: 120050n, currency: 'PKR' },
      transactionId: '67923175246',
      pluginCustomOrderId: 'dep-ok-1',
      exchangerIdentifier: '923139471223',
      withdrawalId: null,
      withdrawalStatus: null,
      transactionType: 0,
      bankDetails: { bankCode: '', branchCode: '' },
    });
    expect(Object.keys(record.raw)).toHaveLength(16);
  });

  it('retries until 200 {"status":"ok"} with doubling delays', async () => {
    const answers = [
      { status: 500, body: 'oops' },
      { status: 200, body: '{"status":"error"}' },
      { status: 201, body: '{"status":"ok"}' },
      { status: 200, body: '{"status":"ok"}' },
    ];
    h = await startSandbox({ postbackRetryBaseMs: 20 }, (n) => answers[n - 1] ?? answers[3]);
    await clientFor(h).activate({ walletType: 'paytm', label: 'p', transactionId: '47381113469', amount: { amountMinor: 50000n, currency: 'INR' }, customTransactionId: 'dep-retry' });
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(4);
    expect(new Set(h.receiver.received.map((r) => r.raw)).size).toBe(1); // the same body every time
    const [delivery] = h.sandbox.control.postbacks();
    expect(delivery.state).toBe('acknowledged');
    expect(delivery.attempts.map((a) => [a.httpStatus, a.acknowledged])).toEqual([[500, false], [200, false], [201, false], [200, true]]);
    const gaps = delivery.attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(delivery.attempts[i].at));
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(78);
  });

  it('gives up after the bounded number of attempts', async () => {
    h = await startSandbox({ postbackRetryBaseMs: 5, postbackMaxAttempts: 3 }, () => ({ status: 503, body: '' }));
    h.sandbox.control.sendDepositPostback('plugin-order-9', { walletType: 'khalti_ml', amount: '500', label: 'p9' });
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(3);
    expect(h.sandbox.control.postbacks()[0].state).toBe('gave_up');
  });

  it('approve (over HTTP) finishes a possible transaction with an overridden amount and duplicates', async () => {
    h = await startSandbox();
    const client = clientFor(h);
    await client.activate({ walletType: 'upay_manual', label: '15169074', transactionId: 'B3A240229-009236', amount: { amountMinor: 200000n, currency: 'LKR' }, customTransactionId: '30569060', screenshot: { data: new Uint8Array([1]), fileName: 's.jpg', contentType: 'image/jpeg' } });
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(0); // nothing before approval
    const approved = await postJson(`${h.apiUrl}/sandbox-control/possible-transactions/30569060/approve`, { amount: '1999.99', duplicates: 2 });
    expect(approved.status).toBe(200);
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(3);
    expect(new Set(h.receiver.received.map((r) => r.raw)).size).toBe(1);
    const parsed = parsePostback(h.receiver.received[0].body, h.receiver.received[0].raw);
    expect(parsed.records[0]).toMatchObject({ amountText: '1999.99', pluginCustomOrderId: '30569060', transactionId: 'B3A240229-009236' });
    const deliveries = h.sandbox.control.postbacks();
    expect(deliveries.map((d: PostbackDelivery) => d.duplicateOf)).toEqual([null, deliveries[0].id, deliveries[0].id]);
    const again = await postJson(`${h.apiUrl}/sandbox-control/possible-transactions/30569060/approve`, {});
    expect(again.status).toBe(409);
    const listed = await fetch(`${h.apiUrl}/sandbox-control/postbacks`).then((r) => r.json() as Promise<{ data: { state: string }[] }>);
    expect(listed.data.map((d) => d.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
  });

  it('a pending deposit is finished by approve; a rejected one sends nothing', async () => {
    h = await startSandbox();
    const client = clientFor(h);
    await client.activate({ walletType: 'paytm', label: 'p', transactionId: '47381113471', amount: { amountMinor: 10000n, currency: 'INR' }, customTransactionId: 'dep-pending' });
    await client.activate({ walletType: 'paytm', label: 'p', transactionId: '47381113472', amount: { amountMinor: 10000n, currency: 'INR' }, customTransactionId: 'dep-review' });
    expect((await postJson(`${h.apiUrl}/sandbox-control/deposits/dep-pending/approve`, {})).status).toBe(200);
    expect((await postJson(`${h.apiUrl}/sandbox-control/possible-transactions/dep-review/reject`, {})).status).toBe(200);
    expect((await postJson(`${h.apiUrl}/sandbox-control/deposits/nope/approve`, {})).status).toBe(404);
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received.map((r) => (r.body['additional_data'] as { plugin_custom_order_id: string }[])[0].plugin_custom_order_id)).toEqual(['dep-pending']);
  });

  it('resends a deposit postback on request (duplicates included)', async () => {
    h = await startSandbox();
    await clientFor(h).activate({ walletType: 'paytm', label: 'p', transactionId: '47381113473', amount: { amountMinor: 10000n, currency: 'INR' }, customTransactionId: 'dep-resend' });
    await h.sandbox.control.postbacksSettled();
    const resent = await postJson(`${h.apiUrl}/sandbox-control/deposits/dep-resend/postback`, { duplicates: 1 });
    expect(resent.status).toBe(200);
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(3);
    for (const r of h.receiver.received) expectSignedBySandbox(r.body);
  });
});

describe('sandbox withdrawal postbacks', () => {
  let h: Harness;
  afterEach(() => h.close());

  it.each([
    [1, 'succeeded'],
    [5, 'failed'],
    [7, 'unknown'],
  ] as const)('finish with status %s → outgoing postback (%s)', async (status, outcome) => {
    h = await startSandbox();
    const body = buildWithdrawalRequest(
      { withdrawalId: `wd-${status}`, walletType: 'upay_manual', amount: { amountMinor: 360000n, currency: 'LKR' }, label: '14929202', accountNumber: '117854929954', accountName: 'WNKPerera', bankCode: 'Sampath Bank PLC', isTest: true },
      { key: SANDBOX_KEYS.withdrawalKey },
    );
    await clientFor(h).createWithdrawal(body);
    const finished = await postJson(`${h.apiUrl}/sandbox-control/withdrawals/wd-${status}/finish`, { status });
    expect(finished.status).toBe(200);
    await h.sandbox.control.postbacksSettled();
    expect(h.receiver.received).toHaveLength(1);
    const { raw, body: received } = h.receiver.received[0];
    expectSignedBySandbox(received);
    const parsed = parsePostback(received, raw);
    expect(parsed.direction).toBe('outgoing');
    expect(parsed.records[0]).toMatchObject({
      withdrawalId: `wd-${status}`,
      withdrawalStatus: status,
      withdrawalOutcome: outcome,
      amountText: '3600',
      accountNumber: '117854929954',
      accountName: 'WNKPerera',
      activatedDatetime: '',
      transactionId: '',
      stockpilingId: null,
      bankDetails: { bankCode: 'Sampath Bank PLC', branchCode: null },
    });
  });

  it('refuses finishing an unknown withdrawal and a non-integer status', async () => {
    h = await startSandbox();
    expect((await postJson(`${h.apiUrl}/sandbox-control/withdrawals/none/finish`, { status: 1 })).status).toBe(404);
    await clientFor(h).createWithdrawal(buildWithdrawalRequest(
      { withdrawalId: 'wd-x', walletType: 'paytm', amount: { amountMinor: 100000n, currency: 'INR' }, label: 'l', accountNumber: '1234560079', isTest: true },
      { key: SANDBOX_KEYS.withdrawalKey },
    ));
    expect((await postJson(`${h.apiUrl}/sandbox-control/withdrawals/wd-x/finish`, { status: 'paid' })).status).toBe(400);
  });
});
