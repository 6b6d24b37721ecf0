import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { consoleBuildDirectory } from '../../apps/ledger-api/src/console/console-files';

const ROOT = join(__dirname, '..', '..');
const SOURCES = join(ROOT, 'apps', 'console');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The browser tests drive the built console: build it when missing or older than its sources. */
export function ensureConsoleBuilt(): void {
  const index = join(consoleBuildDirectory(), 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(SOURCES)) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(SOURCES, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}
