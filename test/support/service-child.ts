import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '../../libs/platform/src/database/embedded-postgres';
import { TEST_KEYS } from './e2e-app';
import { eventually } from './eventually';

const REPO_ROOT = resolve(__dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'apps', 'ledger-api', 'src', 'main.ts');
const REGISTER = join(__dirname, 'ts-register.js');

export interface ChildResponse<T = any> {
  readonly status: number;
  readonly body: T;
}

/**
 * The service as a real process (started from the TypeScript sources, no build), for tests that
 * kill it: `kill -9`, a second instance, a start that must fail with a clear line.
 */
export class ServiceChild {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /**
   * `env` adds to (or, with undefined, removes from) a quiet default environment with the test keys.
   * `maxOldSpaceMb` caps the heap (npm start runs the service with 192).
   */
  static async launch(env: Record<string, string | undefined>, options: { maxOldSpaceMb?: number } = {}): Promise<ServiceChild> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LEDGER_API_KEYS: `platform:payments:${TEST_KEYS.platform},fin:finance:${TEST_KEYS.finance},ops:admin:${TEST_KEYS.admin}`,
      DATABASE_URL: undefined,
      TEST_DATABASE_URL: undefined,
      ...env,
    };
    for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
    const child = spawn(process.execPath, [`--max-old-space-size=${options.maxOldSpaceMb ?? 256}`, '-r', REGISTER, MAIN], {
      cwd: REPO_ROOT,
      env: childEnv as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceChild(child, port);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the process wrote (stdout and stderr, the last 20 kB). */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Resolves when GET /health answers 200; fails at once if the process exits first. The generous
   * default covers the first start on a clean clone, which transpiles every source file (cached for
   * later starts) and on a loaded machine took over 60 s; a start that fails still fails at once.
   */
  async healthy(timeoutMs = 180_000): Promise<void> {
    let exited = false;
    const exitedFirst = this.exited.then(() => {
      exited = true;
      throw new Error(`the service exited before it was healthy:\n${this.output}`);
    });
    const answered = eventually(
      async () => {
        if (exited) return 'exited'; // stop polling: exitedFirst carries the failure
        const response = await fetch(`${this.baseUrl}/health`).catch(() => null);
        return response?.status === 200 ? true : undefined;
      },
      timeoutMs,
      `service on port ${this.port} to be healthy`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.output}`);
    });
    exitedFirst.catch(() => undefined);
    await Promise.race([answered, exitedFirst]);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ChildResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_KEYS.platform}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T };
  }

  /** kill -9: no shutdown code runs (what the OOM killer or a power cut does to the process). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait for the exit; SIGKILL if it does not come within `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), timeoutMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') await this.kill();
  }
}
