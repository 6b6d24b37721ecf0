import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { freePort } from '@kassa/platform';
import { REPO_ROOT, ServiceProcess } from './service-process';
import { round } from './support/stats';

export interface StartTimeResult {
  /** `npm start` in a fresh copy of the sources (no dist/, node_modules as after `npm ci`), empty DATA_DIR: full build, initdb, start. */
  readonly npmStartFreshCloneMs: number;
  /** `npm start` again in that copy on the data dir it created: the sources are unchanged, so no build. */
  readonly npmRestartMs: number;
  /** `node dist/.../main.js` on an empty DATA_DIR: initdb and start. */
  readonly nodeStartEmptyMs: number;
  /** `node dist/.../main.js` again on the data dir it just created (a restart). */
  readonly nodeRestartMs: number;
}

/** Attempts when the HTTP port we picked was taken meanwhile (the service's embedded server picks a free port too). */
const PORT_RACE_ATTEMPTS = 3;

/** What a clone holds that the build and `npm start` read. */
const CLONE_ENTRIES = ['apps', 'libs', 'bench', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.data']);

/** A copy of the sources as a fresh clone has them, with the installed node_modules linked in (`npm ci` done). */
function freshClone(into: string): string {
  const clone = join(into, 'clone');
  for (const entry of CLONE_ENTRIES) {
    const source = join(REPO_ROOT, entry);
    if (existsSync(source)) cpSync(source, join(clone, entry), { recursive: true, filter: (path) => !NOT_IN_A_CLONE.has(basename(path)) });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  return clone;
}

interface Launch {
  readonly viaNpm: boolean;
  readonly cwd?: string;
}

/** Milliseconds to the first GET /health 200, and the data dir it used (a fresh one per attempt when `fresh`). */
async function timeStart(dataDir: string, launch: Launch, fresh: boolean): Promise<{ ms: number; dir: string }> {
  for (let attempt = 1; ; attempt++) {
    const dir = fresh ? `${dataDir}-${attempt}` : dataDir;
    const service = ServiceProcess.launch({ port: await freePort(), dataDir: dir, ...launch });
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

/** Time to the first successful request: from a fresh clone, on a restart through npm, and with node alone. */
export async function measureStartTime(): Promise<StartTimeResult> {
  const root = mkdtempSync(join(tmpdir(), 'kassa-bench-start-'));
  chmodSync(root, 0o755); // as root the server runs as `postgres`, who must reach the cluster inside
  try {
    const clone = freshClone(root);
    const fromClone = await timeStart(join(root, 'npm'), { viaNpm: true, cwd: clone }, true);
    const npmRestart = await timeStart(fromClone.dir, { viaNpm: true, cwd: clone }, false);
    const node = await timeStart(join(root, 'node'), { viaNpm: false }, true);
    const restart = await timeStart(node.dir, { viaNpm: false }, false);
    return { npmStartFreshCloneMs: fromClone.ms, npmRestartMs: npmRestart.ms, nodeStartEmptyMs: node.ms, nodeRestartMs: restart.ms };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
