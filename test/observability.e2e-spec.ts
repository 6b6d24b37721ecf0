import { loadConfig } from '@kassa/platform';
import { type RunningServer, startServer } from '../apps/ledger-api/src/server';
import { captureLogs } from './support/captured-logs';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/test-database';

const KEY = 'sk_test_observability_key_0123456789';

/** One sample of a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** The label values a metric's series use for `label`. */
let transactionSeq = 0;
/** A paytm transaction number the sandbox activates (its last digit, 3, means ok), new on every call: a provider transaction credits once. */
function paytmTransactionId(): string {
  transactionSeq += 1;
  return `47${String(Date.now() % 1e7).padStart(7, '0')}${transactionSeq}3`.slice(0, 12);
}

function labelValues(text: string, name: string, label: string): string[] {
  return [...text.matchAll(new RegExp(`^${name}\\{[^}]*${label}="([^"]*)"`, 'gm'))].map((m) => m[1]);
}

describe('Observability: X-Request-Id, logs and /metrics', () => {
  const logs = captureLogs('info');
  const lines = logs.lines;
  let server: RunningServer;
  let baseUrl: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('observability');
    drop = db.drop;
    const logger = logs.logger;
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info', LEDGER_API_KEYS: `ops:payments+finance+admin:${KEY}`, PAYKASSMA_RETRY_BASE_MS: '20' });
    server = await startServer(config, logger);
    baseUrl = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  const call = (method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.auth === false ? {} : { authorization: `Bearer ${KEY}` }),
        ...(options.body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': `idem-${Math.random()}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  const metricsText = async () => {
    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  const sandboxControl = (method: string, path: string, body?: unknown) => call(method, `/sandbox/sandbox-control${path}`, { body });
  const completedLine = (requestId: string) => eventually(async () => lines.find((line) => line.msg === 'request completed' && line.req?.id === requestId), 5_000, `the request log of ${requestId}`);

  describe('X-Request-Id', () => {
    it('answers the id the client sent when it is 1–128 visible ASCII characters', async () => {
      for (const path of ['/health', '/v1/wallet-types', '/no/such/route']) {
        const response = await call('GET', path, { headers: { 'x-request-id': 'client-id-42/a:b' } });
        expect(response.headers.get('x-request-id')).toBe('client-id-42/a:b');
      }
    });

    it('makes one up when none is sent or the one sent is not acceptable, on refusals too', async () => {
      const unsent = await call('GET', '/v1/wallet-types', { auth: false });
      expect(unsent.status).toBe(401);
      for (const given of ['x'.repeat(129), 'has a space']) {
        const response = await call('GET', '/v1/wallet-types', { headers: { 'x-request-id': given } });
        const answered = response.headers.get('x-request-id');
        expect(answered).toMatch(/^[0-9a-f-]{36}$/);
        expect(answered).not.toBe(given);
      }
      expect(unsent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('is the correlation id of the events the request causes and is in every log line of the request', async () => {
      const requestId = `open-deposit-${Date.now()}`;
      const opened = await call('POST', '/v1/deposits', { body: { walletType: 'paytm', label: 'obs-player-1', amount: '500' }, headers: { 'x-request-id': requestId } });
      expect(opened.status).toBe(201);
      const deposit = (await opened.json()) as { id: string };
      const trail = (await (await call('GET', `/v1/audit/deposits/${deposit.id}/events`)).json()) as { events: { metadata: { correlationId: string } }[] };
      expect(trail.events.length).toBeGreaterThan(0);
      for (const event of trail.events) expect(event.metadata.correlationId).toBe(requestId);

      const completed = await completedLine(requestId);
      expect(completed).toMatchObject({ level: 'info', requestId, req: { method: 'POST', url: '/v1/deposits' }, res: { statusCode: 201 } });
    });

    it('a provider failure inside a request logs a warning with the merchant and that request id', async () => {
      expect((await sandboxControl('POST', '/faults', { path: '/api/v1/transaction/create', kind: 'http500', count: 1 })).status).toBeLessThan(300);
      const requestId = `failing-deposit-${Date.now()}`;
      const failed = await call('POST', '/v1/deposits', { body: { walletType: 'paytm', label: 'obs-player-2' }, headers: { 'x-request-id': requestId } });
      expect(failed.status).toBe(503);
      const warning = await eventually(async () => lines.find((line) => line.msg === 'provider call failed' && line.requestId === requestId), 5_000, 'the provider warning');
      expect(warning).toMatchObject({ level: 'warn', merchant: 'default', operation: 'create-deposit', outcome: 'unavailable', httpStatus: 500 });
      expect(await completedLine(requestId)).toMatchObject({ level: 'error', res: { statusCode: 503 } });
    });
  });

  describe('domain log lines', () => {
    async function fundedPlayer(label: string, amount: string): Promise<void> {
      const opened = await call('POST', '/v1/deposits', { body: { walletType: 'paytm', label, amount } });
      const { id } = (await opened.json()) as { id: string };
      expect((await call('POST', `/v1/deposits/${id}/activation`, { body: { transactionId: paytmTransactionId(), amount } })).status).toBe(200);
      await eventually(async () => ((await (await call('GET', `/v1/players/${label}/balances`)).json()) as { balances: { available: string }[] }).balances[0]?.available === `${amount}.00`, 15_000, 'funded');
    }

    it('a withdrawal submission that fails is logged per retry with merchant, ids, attempt and delay', async () => {
      await fundedPlayer('obs-payee', '900');
      await sandboxControl('POST', '/faults', { path: '/v2/withdrawal/create', kind: 'http500', count: 2 });
      const requestId = `withdraw-${Date.now()}`;
      const created = await call('POST', '/v1/withdrawals', { body: { walletType: 'paytm', label: 'obs-payee', amount: '500', accountNumber: '1234560079' }, headers: { 'x-request-id': requestId } });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const retries = await eventually(() => {
        const found = lines.filter((line) => line.msg === 'withdrawal submission failed; retried with the same withdrawal_id' && line.withdrawalId === id);
        return found.length >= 2 && found;
      }, 15_000, 'two retry lines');
      expect(retries.map((line) => [line.level, line.merchant, line.attempt, line.correlationId])).toEqual([['warn', 'default', 1, requestId], ['warn', 'default', 2, requestId]]);
      for (const line of retries) {
        expect(line.delayMs).toBeGreaterThan(0);
        expect(line.error).toContain('500');
      }
      const failures = lines.filter((line) => line.msg === 'provider call failed' && line.operation === 'create-withdrawal');
      expect(failures.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('request logs', () => {
    it('logs a refusal at info, without headers', async () => {
      const requestId = `refused-${Date.now()}`;
      const refused = await call('GET', '/v1/wallet-types', { auth: false, headers: { 'x-request-id': requestId, cookie: 'session=s3cr3t' } });
      expect(refused.status).toBe(401);
      const line = await completedLine(requestId);
      expect(line.level).toBe('info');
      expect(JSON.stringify(line)).not.toMatch(/headers|s3cr3t|authorization/i);
    });

    it('has no framework route-mapping lines', () => {
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => /Mapped \{|RoutesResolver|RouterExplorer|InstanceLoader|dependencies initialized/.test(`${line.msg} ${line.context ?? ''}`))).toEqual([]);
    });
  });

  describe('/metrics', () => {
    it('has the process defaults and every kassa metric the documentation lists', async () => {
      await call('GET', '/v1/wallet-types');
      const text = await metricsText();
      for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
        expect(text).toContain(`# TYPE ${name} `);
      }
      for (const [name, type] of [
        ['kassa_http_requests_total', 'counter'],
        ['kassa_http_request_duration_seconds', 'histogram'],
        ['kassa_postbacks_total', 'counter'],
        ['kassa_provider_requests_total', 'counter'],
        ['kassa_provider_request_duration_seconds', 'histogram'],
        ['kassa_projection_lag_events', 'gauge'],
        ['kassa_withdrawal_submissions', 'gauge'],
        ['kassa_dead_letters', 'gauge'],
      ]) {
        expect(text).toContain(`# TYPE ${name} ${type}`);
      }
      expect(sample(text, 'kassa_dead_letters')).toBe(0);
      expect(sample(text, 'kassa_withdrawal_submissions', { state: 'queued' })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'kassa_withdrawal_submissions', { state: 'parked' })).toBe(0);
      expect(labelValues(text, 'kassa_projection_lag_events', 'projection')).toEqual(expect.arrayContaining(['read-model.deposits', 'read-model.wallet-balances']));
    });

    it('counts requests by route template, never by raw URL', async () => {
      const opened = await call('POST', '/v1/deposits', { body: { walletType: 'easypaisa', label: 'obs-player-3' } });
      const { id } = (await opened.json()) as { id: string };
      const before = await metricsText();
      const readsBefore = sample(before, 'kassa_http_requests_total', { route: '/v1/deposits/:id', method: 'GET', status: '200' }) ?? 0;
      for (let i = 0; i < 3; i += 1) expect((await call('GET', `/v1/deposits/${id}`)).status).toBe(200);
      expect((await call('GET', '/v1/deposits/no-such-deposit')).status).toBe(404);
      expect((await call('GET', `/not-a-route/${id}`)).status).toBe(404);

      const after = await metricsText();
      expect(sample(after, 'kassa_http_requests_total', { route: '/v1/deposits/:id', method: 'GET', status: '200' })).toBe(readsBefore + 3);
      expect(sample(after, 'kassa_http_requests_total', { route: '/v1/deposits/:id', method: 'GET', status: '404' })).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'kassa_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'kassa_http_request_duration_seconds_count', { route: '/v1/deposits/:id', method: 'GET' })).toBeGreaterThanOrEqual(readsBefore + 3);
      const routes = labelValues(after, 'kassa_http_requests_total', 'route');
      expect(routes).toContain('/v1/deposits');
      expect(routes.filter((route) => route.includes(id) || route.includes('no-such-deposit'))).toEqual([]);
    });

    it('counts provider calls and postbacks by merchant, endpoint, direction and outcome', async () => {
      const before = await metricsText();
      const count = (text: string, name: string, labels: Record<string, string>) => sample(text, name, labels) ?? 0;
      const created = { merchant: 'default', endpoint: 'create-deposit', outcome: 'ok' };
      const activated = { merchant: 'default', endpoint: 'activate', outcome: 'ok' };
      const applied = { merchant: 'default', direction: 'ingoing', outcome: 'applied' };
      const forged = { merchant: 'default', direction: 'ingoing', outcome: 'rejected_signature' };

      const opened = await call('POST', '/v1/deposits', { body: { walletType: 'paytm', label: 'obs-player-4', amount: '700' } });
      const { id } = (await opened.json()) as { id: string };
      expect((await call('POST', `/v1/deposits/${id}/activation`, { body: { transactionId: paytmTransactionId(), amount: '700' } })).status).toBe(200);
      await eventually(async () => ((await (await call('GET', `/v1/deposits/${id}`)).json()) as { status: string }).status === 'credited' || undefined, 15_000, 'credited');
      const unsigned = await call('POST', '/paykassma/postback', { auth: false, body: { direction: 'ingoing', signature: 'x', additional_data: [] } });
      expect(unsigned.status).toBe(401);

      const after = await metricsText();
      expect(count(after, 'kassa_provider_requests_total', created)).toBe(count(before, 'kassa_provider_requests_total', created) + 1);
      expect(count(after, 'kassa_provider_requests_total', activated)).toBe(count(before, 'kassa_provider_requests_total', activated) + 1);
      expect(count(after, 'kassa_provider_request_duration_seconds_count', { merchant: 'default', endpoint: 'activate' }))
        .toBe(count(before, 'kassa_provider_request_duration_seconds_count', { merchant: 'default', endpoint: 'activate' }) + 1);
      expect(count(after, 'kassa_postbacks_total', applied)).toBeGreaterThanOrEqual(count(before, 'kassa_postbacks_total', applied) + 1);
      expect(count(after, 'kassa_postbacks_total', forged)).toBe(count(before, 'kassa_postbacks_total', forged) + 1);
      expect(sample(after, 'kassa_provider_requests_total', { merchant: 'default', endpoint: 'create-deposit', outcome: 'unavailable' })).toBeGreaterThanOrEqual(1);
    });
  });
});
