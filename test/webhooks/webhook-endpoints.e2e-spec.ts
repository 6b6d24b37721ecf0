import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiResponse, TestService } from '../support/e2e-app';

const KEYS = { a: 'sk_test_webhooks_merchant_a_0123', b: 'sk_test_webhooks_merchant_b_0123' } as const;

function merchantsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kassa-webhooks-e2e-')), 'merchants.json');
  writeFileSync(path, JSON.stringify({ merchants: [{ id: 'default', paykassma: {} }, { id: 'brand-b', paykassma: {} }] }));
  return path;
}

/** The merchant-facing endpoint API over HTTP: create (secret once), read, list, change, rotate, delete. */
describe('Webhook endpoints (e2e)', () => {
  let service: TestService;

  const as = (key: keyof typeof KEYS, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<ApiResponse> =>
    service.request(method, path, body, {
      key: null,
      headers: { authorization: `Bearer ${KEYS[key]}` },
      idempotencyKey: idempotencyKey ?? (method === 'POST' ? `idem-${Math.random().toString(36).slice(2)}` : undefined),
    });

  beforeAll(async () => {
    // Private URLs refused (as in production) so that the URL rule shows at creation.
    service = await TestService.start({
      LEDGER_MERCHANTS_FILE: merchantsFile(),
      LEDGER_API_KEYS: `pa:payments:${KEYS.a},brand-b/pb:payments:${KEYS.b}`,
      WEBHOOK_ALLOW_PRIVATE_URLS: 'false',
    });
  });

  afterAll(async () => {
    await service.close();
  });

  it('creates an endpoint with its secret shown once, then reads, lists, changes and deletes it', async () => {
    const created = await as('a', 'POST', '/v1/webhook-endpoints', { url: 'https://93.184.215.14/hooks', eventTypes: ['deposit.credited'], description: 'main' }, 'create-1');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: 'https://93.184.215.14/hooks', eventTypes: ['deposit.credited'], enabled: true, description: 'main', previousSecretExpiresAt: null });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64')).toHaveLength(24);
    const id = created.body.id as string;

    const replay = await as('a', 'POST', '/v1/webhook-endpoints', { url: 'https://93.184.215.14/hooks', eventTypes: ['deposit.credited'], description: 'main' }, 'create-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(id);

    const read = await as('a', 'GET', `/v1/webhook-endpoints/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(created.body.secret);
    const listed = await as('a', 'GET', '/v1/webhook-endpoints?limit=10');
    expect(listed.body.data.map((endpoint: { id: string }) => endpoint.id)).toEqual([id]);
    expect(listed.body.data[0].secret).toBeUndefined();

    const changed = await as('a', 'PATCH', `/v1/webhook-endpoints/${id}`, { eventTypes: ['*'], enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ eventTypes: ['*'], enabled: false, url: 'https://93.184.215.14/hooks' });

    const rotated = await as('a', 'POST', `/v1/webhook-endpoints/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const overlapEndsMs = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(overlapEndsMs).toBeGreaterThan(23 * 3_600_000);
    expect(overlapEndsMs).toBeLessThanOrEqual(24 * 3_600_000);

    expect((await as('a', 'DELETE', `/v1/webhook-endpoints/${id}`)).body).toEqual({ id, deleted: true });
    expect((await as('a', 'GET', `/v1/webhook-endpoints/${id}`)).status).toBe(404);
    expect((await as('a', 'DELETE', `/v1/webhook-endpoints/${id}`)).status).toBe(404);
  });

  it("answers another merchant's endpoint exactly like a missing one", async () => {
    const created = await as('a', 'POST', '/v1/webhook-endpoints', { url: 'https://93.184.215.14/a' });
    const id = created.body.id as string;
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, suffix, body] of [['GET', '', undefined], ['PATCH', '', { enabled: false }], ['DELETE', '', undefined], ['POST', '/rotate-secret', undefined]] as const) {
      const theirs = await as('b', method, `/v1/webhook-endpoints/${id}${suffix}`, body);
      const none = await as('b', method, `/v1/webhook-endpoints/${missing}${suffix}`, body);
      expect([method, theirs.status, theirs.body.code]).toEqual([method, 404, 'NOT_FOUND']);
      expect([method, none.status, none.body.code]).toEqual([method, 404, 'NOT_FOUND']);
    }
    expect((await as('b', 'GET', '/v1/webhook-endpoints')).body.data).toEqual([]);
    // Untouched by B's attempts.
    expect((await as('a', 'GET', `/v1/webhook-endpoints/${id}`)).body.enabled).toBe(true);
  });

  it.each([
    [{ url: 'http://93.184.215.14/x' }, 'url', 'https'],
    [{ url: 'https://127.0.0.1/x' }, 'url', 'public'],
    [{ url: 'https://10.1.2.3/x' }, 'url', 'public'],
    [{ url: 'https://[::1]/x' }, 'url', 'public'],
    [{ url: 'https://[fd12::1]/x' }, 'url', 'public'],
    [{ url: 'https://localhost/x' }, 'url', 'public host'],
    [{ url: 'https://user:pw@93.184.215.14/x' }, 'url', 'password'],
    [{ url: 'not a url' }, 'url', 'URL'],
    [{ url: 'https://93.184.215.14/x', eventTypes: ['deposit.exploded'] }, 'eventTypes', 'event types'],
    [{ url: 'https://93.184.215.14/x', eventTypes: [] }, 'eventTypes', 'event types'],
    [{ url: 'https://93.184.215.14/x', eventTypes: ['*', 'deposit.credited'] }, 'eventTypes', 'event types'],
    [{ url: 'https://93.184.215.14/x', enabled: 'yes' }, 'enabled', 'boolean'],
    [{ url: 'https://93.184.215.14/x', secret: 'whsec_mine' }, 'secret', 'not a known field'],
  ])('refuses %j with 400 naming %s, writing nothing', async (body, field, words) => {
    const answer = await as('a', 'POST', '/v1/webhook-endpoints', body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const error = (answer.body.errors as { field: string; message: string }[]).find((candidate) => candidate.field === field);
    expect(error?.message).toContain(words);
    const [{ count }] = await service.dataSource.query(`SELECT count(*)::int AS count FROM webhook_endpoints WHERE url = $1`, [String(body.url)]);
    expect(count).toBe(0);
  });

  it('refuses a PATCH that changes nothing or points at a private address', async () => {
    const id = (await as('a', 'POST', '/v1/webhook-endpoints', { url: 'https://93.184.215.14/p' })).body.id as string;
    expect((await as('a', 'PATCH', `/v1/webhook-endpoints/${id}`, {})).body.errors).toEqual([{ field: 'body', message: expect.stringContaining('at least one') }]);
    const privateUrl = await as('a', 'PATCH', `/v1/webhook-endpoints/${id}`, { url: 'https://192.168.1.10/p' });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.errors[0].field).toBe('url');
  });
});
