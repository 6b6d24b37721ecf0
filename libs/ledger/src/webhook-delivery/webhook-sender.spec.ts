import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nextAttemptDelayMs } from './retry-schedule';
import { RESPONSE_EXCERPT_BYTES, sendWebhook } from './webhook-sender';

describe('Webhook sender', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits += 1;
      if (request.url === '/big') response.end('x'.repeat(10 * RESPONSE_EXCERPT_BYTES));
      else if (request.url === '/never') return; // holds the request
      else response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (path: string, allowPrivate: boolean, host = '127.0.0.1') => ({
    url: `http://${host}:${port}${path}`,
    headers: {},
    body: '{}',
    timeoutMs: 300,
    policy: { allowPrivate },
    // A DNS answer that points at this machine: what a rebinding attacker would serve.
    resolve: async () => [{ address: '127.0.0.1', family: 4 }],
  });

  it('delivers on a 2xx and keeps at most 1 KB of the answer', async () => {
    expect(await sendWebhook(request('/ok', true))).toMatchObject({ delivered: true, httpStatus: 204, error: null });
    const big = await sendWebhook(request('/big', true));
    expect(big.responseExcerpt).toHaveLength(RESPONSE_EXCERPT_BYTES);
  });

  it('fails an attempt that gets no answer in time', async () => {
    expect(await sendWebhook(request('/never', true))).toMatchObject({ delivered: false, httpStatus: null, error: 'no answer within 300 ms' });
  });

  it('checks the address again at delivery: a literal private address, or a name resolving to one, is never connected to', async () => {
    const before = hits;
    expect((await sendWebhook({ ...request('/ok', false), url: `https://127.0.0.1:${port}/ok` })).error).toContain('public address');
    const rebound = await sendWebhook({ ...request('/ok', false), url: `https://hooks.example.com:${port}/ok` });
    expect(rebound).toMatchObject({ delivered: false, httpStatus: null });
    expect(rebound.error).toContain('resolves to 127.0.0.1');
    expect(hits).toBe(before);
  });

  it('waits the scheduled time ±20 % before each retry, and none after the last', () => {
    const schedule = [5_000, 300_000];
    expect(nextAttemptDelayMs(schedule, 1, () => 0)).toBe(4_000);
    expect(nextAttemptDelayMs(schedule, 1, () => 0.5)).toBe(5_000);
    expect(nextAttemptDelayMs(schedule, 2, () => 0.999999)).toBe(360_000);
    expect(nextAttemptDelayMs(schedule, 3, () => 0.5)).toBeNull();
  });
});
