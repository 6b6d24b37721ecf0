import { TEST_KEYS, TestService } from '../support/e2e-app';
import { captureLogs } from '../support/captured-logs';
import { eventually } from '../support/eventually';
import { creditedDeposit, transactionNumber } from '../support/money-flows';

/**
 * Every path of the service driven with known secrets and transaction numbers, the logs captured at
 * debug level and searched for each of them: no API key, provider key, signature, raw postback
 * body, SQL parameter, query string or whole transaction number may appear.
 */
describe('Logs hold no secrets, signatures, raw bodies, SQL parameters, query strings or whole transaction numbers', () => {
  const nonce = Math.random().toString(36).slice(2, 10);
  const PROVIDER = {
    PAYKASSMA_PLUGINAPI_SECRET: `plugin-secret-${nonce}-aaaaaaaa`,
    PAYKASSMA_POSTBACK_ACCESS_KEY: `access-key-${nonce}-bbbbbbbb`,
    PAYKASSMA_POSTBACK_PRIVATE_KEY: `private-key-${nonce}-cccccccc`,
    PAYKASSMA_WITHDRAWAL_KEY: `withdrawal-key-${nonce}-dddddddd`,
  };
  const logs = captureLogs('debug');
  /** Everything that must never be found in the logs, with what it is (for the failure message). */
  const mustNotAppear = new Map<string, string>([
    ...Object.values(TEST_KEYS).map((key): [string, string] => [key, 'API key']),
    ...Object.entries(PROVIDER).map(([name, value]): [string, string] => [value, name]),
  ]);
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start({ PAYKASSMA_SANDBOX: 'true', LOG_LEVEL: 'debug', PAYKASSMA_RETRY_BASE_MS: '20', ...PROVIDER }, { logger: logs.logger });
  });
  afterAll(async () => {
    await service?.close();
  });

  const lineWith = (message: string) => eventually(async () => logs.lines.find((line) => typeof line.msg === 'string' && line.msg.startsWith(message)), 15_000, `a log line "${message}…"`);

  it('drives deposits, activation, postbacks, withdrawals, provider faults and a failing statement, and finds none of them in the logs', async () => {
    // A credited deposit: opened, activated with its key1, credited by the signed postback.
    const credited = await creditedDeposit(service, 'scan-player', '1000');
    mustNotAppear.set(credited.transactionId, 'key1 of a credited deposit');

    // Query strings.
    const queryMarker = `query-marker-${nonce}`;
    expect((await service.get(`/v1/deposits?label=${queryMarker}`)).status).toBe(200);
    mustNotAppear.set(queryMarker, 'a query string');

    // An activation the provider fails (500s until the client gives up): warned about, key1 not named.
    const opened = await service.post('/v1/deposits', { walletType: 'paytm', label: 'scan-player', amount: '200' });
    expect(opened.status).toBe(201);
    await service.sandboxControl('POST', '/faults', { path: '/api/v1/transaction/activate', kind: 'http500', count: 20 });
    const failingKey1 = transactionNumber('ok');
    mustNotAppear.set(failingKey1, 'key1 of an activation the provider failed');
    expect((await service.post(`/v1/deposits/${opened.body.id}/activation`, { transactionId: failingKey1, amount: '200' })).status).toBeGreaterThanOrEqual(500);
    await lineWith('provider call failed');
    await service.sandboxControl('DELETE', '/faults');

    // A forged postback: its signature and its body are not kept in the logs.
    const forgedKey1 = transactionNumber('ok');
    const forged = { direction: 'ingoing', access_key: PROVIDER.PAYKASSMA_POSTBACK_ACCESS_KEY, signature: `forged-signature-${nonce}`, label: `raw-body-marker-${nonce}`, transactions: [{ key1: forgedKey1, amount: 500 }] };
    const refused = await fetch(`${service.baseUrl}/paykassma/postback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    expect(refused.status).toBe(401);
    await lineWith('postback signature rejected');
    mustNotAppear.set(forged.signature, 'the signature of a forged postback').set(forged.label, 'the raw body of a forged postback').set(forgedKey1, 'key1 in a forged postback');

    // A withdrawal through two provider 500s, paid out by a signed postback.
    await service.sandboxControl('POST', '/faults', { path: '/v2/withdrawal/create', kind: 'http500', count: 2 });
    const withdrawal = await service.post('/v1/withdrawals', { walletType: 'paytm', label: 'scan-player', amount: '100', accountNumber: '9123456789' });
    expect(withdrawal.status).toBe(201);
    await eventually(async () => ((await service.get(`/v1/withdrawals/${withdrawal.body.id}`)).body.status === 'submitted' ? true : undefined), 20_000, 'submitted');
    expect((await service.sandboxControl('POST', `/withdrawals/${withdrawal.body.id}/finish`, { status: 1 })).status).toBe(200);
    await eventually(async () => ((await service.get(`/v1/withdrawals/${withdrawal.body.id}`)).body.status === 'succeeded' ? true : undefined), 20_000, 'succeeded');

    // Every signed postback the sandbox sent: its signature must not be logged.
    const sent = await service.sandboxControl<{ data: { body: unknown }[] }>('GET', '/postbacks');
    for (const delivery of sent.body.data) {
      const body = (typeof delivery.body === 'string' ? JSON.parse(delivery.body) : delivery.body) as { signature?: string };
      if (body.signature) mustNotAppear.set(body.signature, 'the signature of a signed postback');
    }
    expect(sent.body.data.length).toBeGreaterThanOrEqual(2);

    // A failing SQL statement: the inbox table is away while the sandbox sends the deposit's postback
    // again, so the insert of the raw postback (signature and key1 among its parameters) fails.
    await service.dataSource.query('ALTER TABLE postback_inbox RENAME TO postback_inbox_away');
    try {
      expect((await service.sandboxControl('POST', `/deposits/${credited.id}/postback`, {})).status).toBe(200);
      const failure = await lineWith('postback processing failed');
      expect(failure.err?.message).toMatch(/postback_inbox/);
    } finally {
      await service.dataSource.query('ALTER TABLE postback_inbox_away RENAME TO postback_inbox');
    }

    const text = logs.text();
    const leaked = [...mustNotAppear].filter(([value]) => text.includes(value)).map(([, what]) => what);
    expect(leaked).toEqual([]);
  });
});
