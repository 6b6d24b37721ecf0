import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BackgroundWork } from '@kassa/infrastructure';
import { type Config, createLogger, loadConfig } from '@kassa/platform';
import { withCliContext } from '../../apps/ledger-cli/src/cli-context';
import { type RunningServer, startServer } from '../../apps/ledger-api/src/server';
import { createTestDatabase } from './test-database';

export const TEST_KEYS = {
  platform: 'sk_test_platform_key_0123456789',
  finance: 'sk_test_finance_key_0123456789',
  admin: 'sk_test_admin_key_0123456789',
} as const;

export type KeyName = keyof typeof TEST_KEYS;

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly key?: KeyName | null;
  readonly idempotencyKey?: string;
  readonly headers?: Record<string, string>;
}

/**
 * The whole service over real HTTP on a fresh database of the run's embedded PostgreSQL, with the
 * built-in sandbox sending real signed postbacks to it.
 */
export class TestService {
  private constructor(
    readonly server: RunningServer,
    readonly config: Config,
    readonly baseUrl: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  /** A fresh database, or the one in env.DATABASE_URL (kept: the caller owns it, as in a restart test). */
  static async start(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestService> {
    const db = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => undefined } : await createTestDatabase('e2e');
    const config = loadConfig({
      DATABASE_URL: db.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      LEDGER_API_KEYS: `platform:payments:${TEST_KEYS.platform},fin:finance:${TEST_KEYS.finance},ops:admin:${TEST_KEYS.admin}`,
      ...env,
    });
    const server = await startServer(config, options.logger ?? createLogger('silent'));
    return new TestService(server, config, `http://127.0.0.1:${server.port}`, db.drop);
  }

  async request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? 'platform' : options.key;
    if (key !== null) headers.authorization = `Bearer ${TEST_KEYS[key]}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = any>(path: string, body: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, body, { idempotencyKey: `idem-${Math.random().toString(36).slice(2)}`, ...options });
  }

  /** The service's own DataSource, for looking at tables directly. */
  get dataSource(): DataSource {
    return this.server.app.get(DataSource);
  }

  /** Every projection and process manager has processed everything committed so far. */
  settled(timeoutMs = 20_000): Promise<void> {
    return this.server.app.get(BackgroundWork).waitUntilCaughtUp(timeoutMs);
  }

  /** A ledger-cli application context on this service's configuration and database, as an operator would run one beside it. */
  withCli<T>(work: (cli: INestApplicationContext) => Promise<T>): Promise<T> {
    return withCliContext(work, { config: this.config, logger: createLogger('silent') });
  }

  /** Calls a sandbox control endpoint (approve, finish, faults…): they take an admin key. */
  sandboxControl<T = any>(method: string, path: string, body?: unknown) {
    return this.request<T>(method, `/sandbox/sandbox-control${path}`, body, { key: 'admin' });
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.dropDatabase();
  }
}
