import { TestService } from '../support/e2e-app';

/** RATE_LIMIT_PER_MINUTE=5,3: five requests a minute per API key, three per address on the postback path. */
describe('Rate limits: per API key on the API, per address on the postback path', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start({ RATE_LIMIT_PER_MINUTE: '5,3' });
  });
  afterAll(async () => {
    await service?.close();
  });

  const postback = (body: string) => fetch(`${service.baseUrl}/paykassma/postback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  function expectRateLimited(response: { status: number; headers: Headers; body: any }): void {
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('answers 429 problem+json with Retry-After once a key has used its minute, across routes; another key is not affected', async () => {
    const paths = ['/v1/wallet-types', '/v1/deposits?label=rl-player', '/v1/wallet-types', '/v1/withdrawals?label=rl-player', '/v1/wallet-types'];
    for (const path of paths) expect((await service.get(path)).status).toBe(200);
    expectRateLimited(await service.get('/v1/wallet-types'));
    // Refused requests are not stored as Idempotency-Key answers: the POST can be sent again later.
    expectRateLimited(await service.post('/v1/deposits', { walletType: 'paytm', label: 'rl-player', amount: '100' }, { idempotencyKey: 'rl-idem-1' }));
    expect((await service.get('/v1/players/rl-player/balances', { key: 'finance' })).status).toBe(200);
  });

  it('counts requests without a valid key per address, so guessing keys is limited too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(`${service.baseUrl}/v1/wallet-types`, { headers: { authorization: `Bearer sk_guess_${i}` } });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });

  it('never counts /health, /ready or /metrics', async () => {
    for (let i = 0; i < 12; i += 1) {
      for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(`${service.baseUrl}${path}`)).status).not.toBe(429);
    }
  });

  it('limits the postback path per address, apart from the API keys', async () => {
    for (let i = 0; i < 3; i += 1) expect((await postback('{"unsigned":true}')).status).not.toBe(429);
    const refused = await postback('{"unsigned":true}');
    const text = await refused.text();
    expectRateLimited({ status: refused.status, headers: refused.headers, body: JSON.parse(text) });
    expect((await service.get('/v1/players/rl-player/balances', { key: 'admin' })).status).not.toBe(429);
  });
});
