import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got: its path, lower-case headers and exact body. */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** An HTTP status to answer with, or 'hang': hold the request without ever answering. */
export type Answer = number | 'hang';

/**
 * A merchant platform's webhook receiver on localhost: records every request and answers per path
 * from a script (then 200), so a test can make an endpoint fail, time out or succeed on purpose.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly held: ServerResponse[] = [];
  private readonly open = new Map<string, number>();
  private readonly peaks = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => void receiver!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new WebhookReceiver(server, (server.address() as AddressInfo).port);
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next answers on this path, in order; after them, 200. */
  script(path: string, ...answers: Answer[]): void {
    this.scripts.set(path, answers);
  }

  /** The most requests on this path that were open at the same time. */
  peakConcurrency(path: string): number {
    return this.peaks.get(path) ?? 0;
  }

  to(path: string): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.path === path);
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = request.url ?? '/';
    this.open.set(path, (this.open.get(path) ?? 0) + 1);
    this.peaks.set(path, Math.max(this.peaks.get(path) ?? 0, this.open.get(path)!));
    response.once('close', () => this.open.set(path, this.open.get(path)! - 1));
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    this.received.push({ path, headers, body: Buffer.concat(chunks).toString('utf8') });
    const answer = this.scripts.get(path)?.shift() ?? 200;
    if (answer === 'hang') {
      this.held.push(response);
      return;
    }
    response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'thanks' : `receiver says ${answer}`);
  }
}

/** Verifies a received webhook as a merchant's receiver would, with the Standard Webhooks library; throws if it does not verify. */
export function verifyWebhook(secret: string, webhook: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(webhook.body, webhook.headers);
}
