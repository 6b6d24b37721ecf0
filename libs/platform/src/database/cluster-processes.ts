import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * What we can learn about a process from the operating system: alive or not, its parent, its
 * command line. Linux answers from /proc; elsewhere `ps` does.
 */

/** True while a process with this id exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The parent of a live process, or null when it is gone. */
export function parentPid(pid: number): number | null {
  const statFile = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      // "pid (comm) state ppid …": comm may contain spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(statFile, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[1]);
    } catch {
      return null;
    }
  }
  try {
    const text = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return text ? Number(text) : null;
  } catch {
    return null;
  }
}

/** The command line of a live process (arguments joined by spaces), or null when it cannot be read. */
export function commandLine(pid: number): string | null {
  if (existsSync('/proc/self/cmdline')) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return null;
    }
  }
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Polls until the process is gone; false when it is still there after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
