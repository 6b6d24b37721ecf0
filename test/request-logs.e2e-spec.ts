import { loadConfig } from '@kassa/platform';
import { type RunningServer, startServer } from '../apps/ledger-api/src/server';
import { captureLogs } from './support/captured-logs';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/test-database';

const KEY = 'sk_test_logged_key_must_not_appear';

/** What an operator reads about each request: method, path, status, time; never a credential. */
describe('request logs', () => {
  const logs = captureLogs('info');
  const lines = logs.lines;
  let server: RunningServer;
  let baseUrl: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('request_logs');
    drop = db.drop;
    const logger = logs.logger;
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info', LEDGER_API_KEYS: `platform:payments:${KEY}`, TENANT_ID: 'shop-7' });
    server = await startServer(config, logger);
    baseUrl = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  it('logs every request with its tenant, method, path and status, and no credential', async () => {
    expect((await fetch(`${baseUrl}/v1/wallet-types`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
    expect((await fetch(`${baseUrl}/v1/wallet-types`, { headers: { authorization: 'Bearer sk_wrong_key_also_secret' } })).status).toBe(401);
    const rejected = await fetch(`${baseUrl}/paykassma/postback`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'session=s3cr3t' }, body: '{"sign":"x"}' });
    expect(rejected.status).toBe(401);
    // pino-http writes its line when the response has finished, which may be after the client has read it.
    const completed = await eventually(() => {
      const found = lines.filter((line) => line.msg === 'request completed');
      return found.length >= 3 && found;
    }, 5_000, 'three request lines');
    expect(completed.map((line) => [line.tenant, line.req.method, line.req.url, line.res.statusCode])).toEqual([
      ['shop-7', 'GET', '/v1/wallet-types', 200],
      ['shop-7', 'GET', '/v1/wallet-types', 401],
      ['shop-7', 'POST', '/paykassma/postback', 401],
    ]);
    for (const line of completed) expect(typeof line.responseTime).toBe('number');
    const everything = JSON.stringify(lines);
    for (const secret of [KEY, 'sk_wrong_key_also_secret', 's3cr3t']) expect(everything).not.toContain(secret);
  });
});
