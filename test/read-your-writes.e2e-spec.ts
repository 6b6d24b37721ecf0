import { computePostbackSignature } from '@kassa/paykassma';
import { SANDBOX_KEYS } from '@kassa/platform';
import { TestService } from './support/e2e-app';

/**
 * What a response promises (PRODUCT, "read your writes"): each check below is the very next request
 * after the answer it relies on, with no waiting in between. A projection that lags would fail them.
 */
describe('Read your writes: balances are never behind an answer (HTTP)', () => {
  let service: TestService;
  let transactionNumbers = 0;
  let players = 0;

  beforeAll(async () => {
    service = await TestService.start();
  });

  afterAll(async () => {
    await service.close();
  });

  const keys = { accessKey: SANDBOX_KEYS.postbackAccessKey, privateKey: SANDBOX_KEYS.postbackPrivateKey };

  function signed(direction: 'ingoing' | 'outgoing', record: Record<string, unknown>, label: string) {
    const additionalData = [{
      activated_datetime: '2024-05-01 10:00:00', exchanger_identifier: '03xxxx6690', comment: '', currency_code: 'PKR',
      wallet_type: 'easypaisa', stockpiling_id: 1, transaction_id: '', transaction_type: 0, plugin_custom_order_id: null,
      withdrawal_id: null, withdrawal_status: null, account_number: '', account_name: '', account_email: '',
      bank_details: { bank_code: '', branch_code: '' }, ...record,
    }];
    return {
      signature: computePostbackSignature(keys, additionalData), wallet_type: 'easypaisa', amount: Number(record.amount), currency_code: 'PKR', label,
      converted_amount: { USD: 1, PKR: Number(record.amount) }, direction, created_datetime: '2024-05-01 10:00:05', access_key: keys.accessKey,
      additional_data: additionalData,
    };
  }

  function postback(body: unknown) {
    return service.request('POST', '/paykassma/postback', body, { key: null });
  }

  async function openDeposit(label: string): Promise<string> {
    const response = await service.post('/v1/deposits', { walletType: 'easypaisa', label });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  /** The deposit's signed postback for `amount` PKR: an 11-digit easypaisa transaction number of its own. */
  function depositPostback(depositId: string, label: string, amount: string) {
    const transactionId = `7${String(++transactionNumbers).padStart(10, '0')}`;
    return signed('ingoing', { transaction_id: transactionId, amount, plugin_custom_order_id: depositId }, label);
  }

  function withdrawalPostback(withdrawalId: string, label: string, amount: string, status: 1 | 5) {
    return signed('outgoing', {
      activated_datetime: '', exchanger_identifier: '', transaction_id: '', transaction_type: null, plugin_custom_order_id: '', stockpiling_id: null,
      amount, withdrawal_id: withdrawalId, withdrawal_status: status, account_number: '03123456789', account_name: 'Ali Khan',
    }, label);
  }

  async function pkr(label: string): Promise<{ available: string; held: string; total: string } | undefined> {
    const response = await service.get(`/v1/players/${encodeURIComponent(label)}/balances`);
    expect(response.status).toBe(200);
    return response.body.balances.find((line: { currency: string }) => line.currency === 'PKR');
  }

  function withdraw(label: string, amount: string) {
    return service.post('/v1/withdrawals', { walletType: 'easypaisa', label, amount, accountNumber: '03123456789', accountName: 'Ali Khan' });
  }

  /** A player whose deposit of `amount` was just acknowledged. */
  async function creditedPlayer(amount: string): Promise<string> {
    const label = `ryw-${++players}`;
    const depositId = await openDeposit(label);
    expect(await postback(depositPostback(depositId, label, amount))).toMatchObject({ status: 200, body: { status: 'ok' } });
    return label;
  }

  it('postback ack → balance includes it → withdrawal of all of it → 201 → hold shown → status 1 ack → held gone', async () => {
    const label = `ryw-${++players}`;
    const depositId = await openDeposit(label);
    const ack = await postback(depositPostback(depositId, label, '1500'));
    expect(ack).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await pkr(label)).toEqual({ currency: 'PKR', available: '1500.00', held: '0.00', total: '1500.00' });
    expect((await service.get(`/v1/deposits/${depositId}`)).body.status).toBe('credited');

    const created = await withdraw(label, '1500');
    expect(created.status).toBe(201);
    expect(await pkr(label)).toEqual({ currency: 'PKR', available: '0.00', held: '1500.00', total: '1500.00' });

    expect(await postback(withdrawalPostback(created.body.id, label, '1500', 1))).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await pkr(label)).toEqual({ currency: 'PKR', available: '0.00', held: '0.00', total: '0.00' });
  });

  it('status 5 ack → the held funds are available again', async () => {
    const label = await creditedPlayer('800');
    const created = await withdraw(label, '300');
    expect(created.status).toBe(201);
    expect(await pkr(label)).toMatchObject({ available: '500.00', held: '300.00' });

    expect(await postback(withdrawalPostback(created.body.id, label, '300', 5))).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await pkr(label)).toEqual({ currency: 'PKR', available: '800.00', held: '0.00', total: '800.00' });
    // Spendable at once: the released funds take a new withdrawal of all of it.
    expect((await withdraw(label, '800')).status).toBe(201);
    expect(await pkr(label)).toMatchObject({ available: '0.00', held: '800.00' });
  });

  it('a repeated postback acknowledges again and moves nothing', async () => {
    const label = `ryw-${++players}`;
    const body = depositPostback(await openDeposit(label), label, '250');
    expect((await postback(body)).status).toBe(200);
    expect((await postback(body)).status).toBe(200);
    expect(await pkr(label)).toMatchObject({ available: '250.00', held: '0.00' });
  });

  it('50 concurrent postbacks for one player: the balance after the last ack is the exact sum', async () => {
    const label = `ryw-${++players}`;
    const amounts = Array.from({ length: 50 }, (_, i) => String(100 + i)); // 100 … 149 PKR
    const depositIds: string[] = [];
    for (const _amount of amounts) depositIds.push(await openDeposit(label));
    const bodies = amounts.map((amount, i) => depositPostback(depositIds[i], label, amount));

    const answers = await Promise.all(bodies.map((body) => postback(body)));
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
    const sum = amounts.reduce((total, amount) => total + BigInt(amount), 0n);
    expect(await pkr(label)).toEqual({ currency: 'PKR', available: `${sum}.00`, held: '0.00', total: `${sum}.00` });
  });
});
