import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitForOk } from './support/http-client';
import { nowMs } from './support/stats';

/** The repository root (this file runs as dist/bench/service-process.js). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SERVICE_MAIN = resolve(REPO_ROOT, 'dist/apps/ledger-api/src/main.js');

export const BENCH_API_KEY = 'sk_bench_platform_key';
export const BENCH_API_KEYS = `bench:payments+finance+admin:${BENCH_API_KEY}`;

export interface ServiceOptions {
  readonly port: number;
  /** Unset: the service starts its embedded default in DATA_DIR. */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  /** `node main.js` (default) or `npm start` (build when sources changed, then node). */
  readonly viaNpm?: boolean;
  /** Where `npm start` runs (a copy of the repository); the repository itself when unset. */
  readonly cwd?: string;
  /** Extra node flags for the service process (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
}

/** The service as a child process: its pid (for /proc), its start time, a graceful stop. */
export class ServiceProcess {
  private exited: Promise<number | null>;
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly startedAtMs: number,
    private readonly processGroup: boolean,
  ) {
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    child.stdout?.resume();
  }

  static launch(options: ServiceOptions): ServiceProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(options.port),
      LOG_LEVEL: 'warn',
      LEDGER_API_KEYS: BENCH_API_KEYS,
      // The bench measures the ledger, not the rate limiter: one key and one address send everything.
      RATE_LIMIT_PER_MINUTE: '100000000,100000000',
      DATA_DIR: options.dataDir,
    };
    delete env.DATABASE_URL;
    if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
    for (const key of Object.keys(env)) if (key.startsWith('BENCH_') || env[key] === undefined) delete env[key];
    const startedAtMs = nowMs();
    const child = options.viaNpm
      ? spawn('npm', ['start'], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn(process.execPath, [...(options.nodeFlags ?? []), SERVICE_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    return new ServiceProcess(child, `http://127.0.0.1:${options.port}`, startedAtMs, options.viaNpm === true);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Milliseconds from launch to the first GET /health that answers 200. */
  async waitUntilHealthy(timeoutMs = 180_000): Promise<number> {
    const failed = this.exited.then((code) => {
      throw new Error(`the service exited (code ${code}) before answering:\n${this.stderrTail}`);
    });
    await Promise.race([waitForOk(`${this.baseUrl}/health`, timeoutMs, 25), failed]);
    return nowMs() - this.startedAtMs;
  }

  /** SIGTERM (to the npm process group when started through npm), then wait for a clean exit. */
  async stop(timeoutMs = 60_000): Promise<void> {
    if (this.child.exitCode !== null) return;
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (this.processGroup) process.kill(-pid, 'SIGTERM');
    else this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), timeoutMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`the service did not stop within ${timeoutMs} ms:\n${this.stderrTail}`);
    }
  }

  get stderr(): string {
    return this.stderrTail;
  }
}
