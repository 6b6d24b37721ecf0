import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A webhook as the demo's receiver verified it. */
export interface VerifiedWebhook {
  readonly webhookId: string;
  readonly type: string;
  readonly objectId: string;
  readonly status: string;
  /** The object's version after the change: webhooks may arrive out of order, this says which is newer. */
  readonly version: number;
  /** How many signatures the header carried (two during a rotation's overlap). */
  readonly signatures: number;
}

/**
 * A merchant platform's receiver, as small as one can be: verifies each webhook with the Standard
 * Webhooks library and the endpoint's secret, answers 204, and keeps what it got (once per webhook-id).
 * One whose signature does not verify is answered 400 and counted.
 */
export class DemoWebhookReceiver {
  readonly received: VerifiedWebhook[] = [];
  rejected = 0;
  private verifier: Webhook | undefined;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<DemoWebhookReceiver> {
    let receiver: DemoWebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => response.writeHead(receiver!.take(Buffer.concat(chunks), request.headers as Record<string, string>)).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new DemoWebhookReceiver(server);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/kassa-hooks`;
  }

  /** The endpoint's secret, from the answer that created it. */
  useSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(body: Buffer, headers: Record<string, string>): number {
    let event: { id: string; type: string; data: { id: string; status: string; version: number } };
    try {
      if (!this.verifier) throw new Error('no secret yet');
      event = this.verifier.verify(body, headers) as typeof event;
    } catch {
      this.rejected += 1;
      return 400;
    }
    if (!this.received.some((webhook) => webhook.webhookId === event.id)) {
      this.received.push({ webhookId: event.id, type: event.type, objectId: event.data.id, status: event.data.status, version: event.data.version, signatures: headers['webhook-signature'].split(' ').length });
    }
    return 204;
  }
}
