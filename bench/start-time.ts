import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@kassa/platform';
import { ServiceProcess } from './service-process';
import { round } from './support/stats';

export interface StartTimeResult {
  /** `npm start` on an empty DATA_DIR: the incremental build, initdb, migrations, Nest, first GET /health 200. */
  readonly npmStartEmptyMs: number;
  /** `node dist/.../main.js` on an empty DATA_DIR: the same without the build. */
  readonly nodeStartEmptyMs: number;
  /** `node dist/.../main.js` again on the data dir it just created (a restart). */
  readonly nodeRestartMs: number;
}

/** Attempts when the HTTP port we picked was taken meanwhile (the service's embedded server picks a free port too). */
const PORT_RACE_ATTEMPTS = 3;

/** Milliseconds to the first GET /health 200, and the data dir it used (a fresh one per attempt when `fresh`). */
async function timeStart(dataDir: string, viaNpm: boolean, fresh: boolean): Promise<{ ms: number; dir: string }> {
  for (let attempt = 1; ; attempt++) {
    const dir = fresh ? `${dataDir}-${attempt}` : dataDir;
    const service = ServiceProcess.launch({ port: await freePort(), dataDir: dir, viaNpm });
    try {
      return { ms: round(await service.waitUntilHealthy(), 0), dir };
    } catch (error) {
      if (!service.stderr.includes('EADDRINUSE') || attempt >= PORT_RACE_ATTEMPTS) throw error;
    } finally {
      await service.stop().catch(() => undefined);
      await waitForPostgresToStop(dir);
    }
  }
}

/** The embedded server stops after the service; its postmaster.pid goes last. */
async function waitForPostgresToStop(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postgres', 'pg', 'postmaster.pid');
  for (let i = 0; i < 300 && existsSync(pidFile); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Time to the first successful request, from nothing (no database cluster yet) to GET /health 200. */
export async function measureStartTime(): Promise<StartTimeResult> {
  const root = mkdtempSync(join(tmpdir(), 'kassa-bench-start-'));
  chmodSync(root, 0o755); // as root the server runs as `postgres`, who must reach the cluster inside
  try {
    const npm = await timeStart(join(root, 'npm'), true, true);
    const node = await timeStart(join(root, 'node'), false, true);
    const restart = await timeStart(node.dir, false, false);
    return { npmStartEmptyMs: npm.ms, nodeStartEmptyMs: node.ms, nodeRestartMs: restart.ms };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
