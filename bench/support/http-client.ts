import { Agent, request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** A keep-alive JSON client for one base URL: one socket per concurrent request, reused. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number, private readonly defaultHeaders: Record<string, string> = {}) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const allHeaders: Record<string, string | number> = { ...this.defaultHeaders, ...headers };
    if (body !== undefined) {
      allHeaders['content-type'] = 'application/json';
      allHeaders['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, port: this.port, method, path, headers: allHeaders, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async json<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const answer = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body), headers);
    let parsed: unknown = answer.text;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      // not JSON: keep the text
    }
    return { status: answer.status, body: parsed as T };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Resolves when GET url answers 200; polls every intervalMs, gives up after timeoutMs. */
export async function waitForOk(url: string, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
