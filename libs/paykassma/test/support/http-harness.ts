import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPaykassmaSandbox, type PaykassmaSandbox, type PaykassmaSandboxOptions } from '../../src';

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port. */
export function listen(app: express.Express): Promise<Listening> {
  return new Promise((resolve) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export interface ReceivedPostback {
  readonly raw: string;
  readonly body: Record<string, unknown>;
}

/** A merchant postback endpoint whose answer to the n-th request (1-based) the test chooses. */
export async function startReceiver(answer: (n: number) => { status: number; body: string } = () => ({ status: 200, body: '{"status":"ok"}' })) {
  const received: ReceivedPostback[] = [];
  const app = express();
  app.post('/postback', express.text({ type: () => true }), (req, res) => {
    const raw = String(req.body);
    received.push({ raw, body: JSON.parse(raw) as Record<string, unknown> });
    const reply = answer(received.length);
    res.status(reply.status).type('application/json').send(reply.body);
  });
  const server = await listen(app);
  return { ...server, postbackUrl: `${server.url}/postback`, received };
}

export const SANDBOX_KEYS = {
  accessKey: 'sbx-access-key',
  privateKey: 'sbx-private-key',
  pluginApiSecret: 'sbx-plugin-secret',
  withdrawalKey: 'sbx-withdrawal-key',
};

/** The sandbox mounted under /sandbox on its own server, plus a postback receiver. */
export async function startSandbox(options: Partial<PaykassmaSandboxOptions> = {}, receiverAnswer?: Parameters<typeof startReceiver>[0]) {
  const receiver = await startReceiver(receiverAnswer);
  const sandbox: PaykassmaSandbox = createPaykassmaSandbox({
    ...SANDBOX_KEYS,
    postbackUrl: receiver.postbackUrl,
    postbackRetryBaseMs: 10,
    ...options,
  });
  const app = express();
  app.use('/sandbox', sandbox.router);
  const server = await listen(app);
  return {
    sandbox,
    receiver,
    apiUrl: `${server.url}/sandbox`,
    async close() {
      await sandbox.close();
      await server.close();
      await receiver.close();
    },
  };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}
