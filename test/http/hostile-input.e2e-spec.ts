import { gzipSync } from 'node:zlib';
import { TEST_KEYS, TestService } from '../support/e2e-app';
import { eventually } from '../support/eventually';
import { rawRequest, type RawResponse } from '../support/raw-http';

/**
 * Input that once answered 500 (or was taken when it should not be): each is a clear 4xx in
 * problem+json and writes nothing; the provider is never called for it.
 */
describe('Hostile input › never a 5xx', () => {
  let service: TestService;
  const auth = (key: keyof typeof TEST_KEYS = 'platform') => ({ authorization: `Bearer ${TEST_KEYS[key]}` });
  let keys = 0;
  const idem = () => ({ 'idempotency-key': `hostile-${++keys}` });

  beforeAll(async () => {
    service = await TestService.start();
  });

  afterAll(async () => {
    await service.close();
  });

  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) =>
    rawRequest(service.baseUrl, method, path, headers, body);
  const postJson = (path: string, body: string, key: keyof typeof TEST_KEYS = 'platform') =>
    send('POST', path, { ...auth(key), ...idem(), 'content-type': 'application/json' }, body);

  async function writes(): Promise<{ events: number; keys: number; providerDeposits: number }> {
    const [events]: { n: number }[] = await service.dataSource.query('SELECT count(*)::int AS n FROM events');
    const [reserved]: { n: number }[] = await service.dataSource.query('SELECT count(*)::int AS n FROM idempotency_keys');
    const sandbox = await service.sandboxControl('GET', '/deposits');
    return { events: events.n, keys: reserved.n, providerDeposits: sandbox.body.data.length };
  }

  function expectProblem(response: RawResponse, status: number, code?: string): void {
    expect({ status: response.status, body: response.text.slice(0, 300) }).toMatchObject({ status });
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json.status).toBe(status);
    if (code) expect(response.json.code).toBe(code);
  }

  async function expectRefusedWithoutWrites(action: () => Promise<RawResponse>, status: number, code?: string): Promise<RawResponse> {
    const before = await writes();
    const response = await action();
    expectProblem(response, status, code);
    expect(await writes()).toEqual(before);
    return response;
  }

  const deposit = { walletType: 'paytm', label: 'hostile', amount: '100' };

  it('a body over the limit is 413', async () => {
    await expectRefusedWithoutWrites(() => postJson('/v1/deposits', JSON.stringify({ ...deposit, lang: 'x'.repeat(300 * 1024) })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it.each([['br'], ['gzip'], ['deflate']])('Content-Encoding %s is 415, never inflated', async (encoding) => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    await expectRefusedWithoutWrites(
      () => send('POST', '/v1/deposits', { ...auth(), ...idem(), 'content-type': 'application/json', 'content-encoding': encoding }, bomb),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it.each([
    ['application/x-www-form-urlencoded', 'walletType=paytm&label=form&amount=100'],
    ['text/plain', JSON.stringify(deposit)],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="walletType"\r\n\r\npaytm\r\n--x--\r\n'],
  ])('a JSON endpoint refuses %s with 415 and creates nothing', async (type, body) => {
    await expectRefusedWithoutWrites(() => send('POST', '/v1/deposits', { ...auth(), ...idem(), 'content-type': type }, body), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('JSON nested 10,000 deep is a 400 before the request hash', async () => {
    const deep = `{"walletType":"paytm","label":"deep","lang":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const response = await expectRefusedWithoutWrites(() => postJson('/v1/deposits', deep), 400, 'VALIDATION_FAILED');
    expect(response.json.errors[0].message).toContain('deeper');
  });

  it.each([
    ['NUL in the label', { ...deposit, label: 'a\u0000b' }, 'label'],
    ['a lone surrogate in the label', { ...deposit, label: 'a\uD800b' }, 'label'],
    ['a lone low surrogate in lang', { ...deposit, lang: '\uDC00' }, 'lang'],
    ['"amount": null', { ...deposit, amount: null }, 'amount'],
    ['a __proto__ key', JSON.parse('{"walletType":"paytm","label":"p","__proto__":{"admin":true}}'), '__proto__'],
    ['a constructor key', { ...deposit, constructor: { prototype: {} } }, 'constructor'],
  ])('a deposit with %s is 400 naming the field; the provider is not called', async (_case, body, field) => {
    const response = await expectRefusedWithoutWrites(() => postJson('/v1/deposits', JSON.stringify(body)), 400, 'VALIDATION_FAILED');
    expect(response.json.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it.each([
    ['"amount": null', { amount: null }, 'amount'],
    ['"accountName": null', { accountName: null }, 'accountName'],
    ['NUL in the account number', { accountNumber: '0312\u00003456789' }, 'accountNumber'],
  ])('a withdrawal with %s is 400', async (_case, change, field) => {
    const body = { walletType: 'easypaisa', label: 'hostile', amount: '100', accountNumber: '03123456789', accountName: 'Ali Khan', ...change };
    const response = await expectRefusedWithoutWrites(() => postJson('/v1/withdrawals', JSON.stringify(body)), 400, 'VALIDATION_FAILED');
    expect(response.json.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it.each([
    ['/v1/deposits/a%00b'],
    ['/v1/withdrawals/%ED%A0%80'],
    ['/v1/players/a%00b/balances'],
    ['/v1/players/%ED%B0%80/entries'],
    ['/v1/audit/players/%E0%A4%A/events'],
    ['/v1/deposits?label=a%00b'],
    ['/v1/withdrawals?status=%00'],
  ])('GET %s is 400', async (path) => {
    const key = path.startsWith('/v1/audit') ? 'finance' : 'platform';
    expectProblem(await send('GET', path, auth(key)), 400);
  });

  it('NUL in a path id of a POST is 400 and calls nothing', async () => {
    await expectRefusedWithoutWrites(() => postJson('/v1/deposits/a%00b/activation', JSON.stringify({ transactionId: '47381113468', amount: '100' })), 400);
  });

  const forgedCursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

  it.each([
    ['month 13', ['2024-13-01T00:00:00.000000Z', 'x']],
    ['30 February', ['2024-02-30T00:00:00.000000Z', 'x']],
    ['year 0000', ['0000-01-01T00:00:00.000000Z', 'x']],
    ['hour 25', ['2024-01-01T25:00:00.000000Z', 'x']],
    ['a NUL in the id', ['2024-01-01T00:00:00.000000Z', 'a\u0000']],
  ])('a cursor with %s is 400', async (_case, key) => {
    for (const path of ['/v1/deposits', '/v1/withdrawals']) {
      const response = await send('GET', `${path}?cursor=${forgedCursor(key)}`, auth());
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.json.errors[0].field).toBe('cursor');
    }
  });

  it.each([['0000-01-01T00:00:00Z'], ['2024-02-30T00:00:00Z'], ['2024-01-01T24:00:00Z'], ['1969-12-31T00:00:00Z'], ['2024-01-01T00:00:00+24:00']])(
    'asOf=%s is 400',
    async (asOf) => {
      const response = await send('GET', `/v1/players/p1/balances?asOf=${encodeURIComponent(asOf)}`, auth());
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.json.errors[0].field).toBe('asOf');
    },
  );

  it('asOf in a real range is answered', async () => {
    expect((await send('GET', `/v1/players/p1/balances?asOf=${encodeURIComponent('2024-02-29T23:59:59+05:30')}`, auth())).status).toBe(200);
  });

  it.each([
    ['/v1/reports/settlement?from=0000-01-01&to=2024-01-02', 'from'],
    ['/v1/reports/settlement?from=2024-01-01&to=10000-01-01', 'to'],
    ['/v1/reports/settlement?from=2024-02-30&to=2024-03-02', 'from'],
    ['/v1/reports/exceptions?from=0000-01-01', 'from'],
    ['/v1/reports/exceptions?to=9999-12-31T23:59&tz=Pacific/Honolulu', 'to'],
  ])('%s is 400 naming %s', async (path, field) => {
    const response = await send('GET', path, auth('finance'));
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.json.errors[0].field).toBe(field);
  });

  it("headers over Node's limit are answered 431 in problem+json", async () => {
    const response = await send('GET', '/v1/wallet-types', { ...auth(), 'x-padding': 'a'.repeat(20 * 1024) });
    expectProblem(response, 431, 'HEADERS_TOO_LARGE');
  });

  describe('postbacks', () => {
    it('a postback sent as text/plain is read raw and verified over its bytes', async () => {
      const opened = await service.post('/v1/deposits', { walletType: 'paytm', label: 'plain-postback', amount: '100' });
      await service.post(`/v1/deposits/${opened.body.id}/activation`, { transactionId: '47381113463', amount: '100' });
      const [row] = await eventually(async () => {
        const rows: { raw_body: string }[] = await service.dataSource.query(
          `SELECT raw_body FROM postback_inbox WHERE signature_valid AND direction = 'ingoing' ORDER BY received_at LIMIT 1`,
        );
        return rows.length > 0 ? rows : undefined;
      }, 15_000, 'the sandbox postback');
      await service.settled();
      const before = await writes();
      const again = await send('POST', '/paykassma/postback', { 'content-type': 'text/plain' }, row.raw_body);
      expect({ status: again.status, body: again.json }).toEqual({ status: 200, body: { status: 'ok' } });
      const after = await writes();
      expect(after.events).toBe(before.events);

      const tampered = await send('POST', '/paykassma/postback', { 'content-type': 'text/plain' }, row.raw_body.replace('"100', '"900'));
      expect(tampered.status).toBe(401);
    });

    it('additional_data 40,000 deep with the public access key is refused, not a 500', async () => {
      const body = `{"signature":"x","access_key":"sandbox-postback-access-key","direction":"ingoing","additional_data":[${'['.repeat(40_000)}${']'.repeat(40_000)}]}`;
      const response = await send('POST', '/paykassma/postback', { 'content-type': 'application/json' }, body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });

    it('a postback over the size limit is 413', async () => {
      const response = await send('POST', '/paykassma/postback', { 'content-type': 'application/json' }, `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
      expectProblem(response, 413);
    });
  });
});
