import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The built service next to this file's build: dist/apps/ledger-cli/src/demo → dist/apps/ledger-api/src/main.js. */
const SERVICE_MAIN = resolve(__dirname, '..', '..', '..', 'ledger-api', 'src', 'main.js');
const HEALTH_POLL_MS = 100;
const STOP_TIMEOUT_MS = 60_000;

/**
 * The service as its own process, as a merchant runs it: `node main.js` with the given environment.
 * The demo talks to it over HTTP only.
 */
export class ServiceChild {
  private readonly exited: Promise<number | null>;
  private stderrTail = '';

  private constructor(private readonly child: ChildProcess, readonly baseUrl: string) {
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    child.stdout?.resume();
  }

  static launch(port: number, env: Record<string, string>): ServiceChild {
    const child = spawn(process.execPath, [SERVICE_MAIN], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new ServiceChild(child, `http://127.0.0.1:${port}`);
  }

  /** Polls GET /health until it answers 200; fails at once if the process exits first. */
  async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the service exited (code ${exitCode}) before answering:\n${this.stderrTail}`);
      const healthy = await fetch(`${this.baseUrl}/health`).then((r) => r.ok, () => false);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`the service did not answer /health within ${timeoutMs} ms:\n${this.stderrTail}`);
      await new Promise((done) => setTimeout(done, HEALTH_POLL_MS));
    }
  }

  /** SIGTERM, then wait for the clean shutdown (subscriptions, connections, the embedded database). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([this.exited, timeout])) === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error('the service did not stop within a minute of SIGTERM');
    }
  }
}
