import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, isProcessAlive, parentPid, waitForExit } from './cluster-processes';

/**
 * Who runs the PostgreSQL of a data folder. The server writes its pid to `postmaster.pid` in the
 * cluster; we write the pid of the process that started it to `owner.pid` beside the cluster. A
 * live server whose parent is still that process is in use; a live server whose parent is gone
 * (the service was killed with -9 or by the OOM killer: PostgreSQL is not taken down with it) is an
 * orphan, and nobody else will ever stop it.
 */
export type ClusterOccupancy =
  | { readonly kind: 'free' }
  | { readonly kind: 'stale'; readonly pid: number }
  | { readonly kind: 'orphaned'; readonly pid: number }
  | { readonly kind: 'in_use'; readonly pid: number; readonly ownerPid: number };

/** Another live process runs this cluster: starting a second server on it cannot work. */
export class ClusterInUseError extends Error {
  constructor(
    readonly clusterDir: string,
    readonly serverPid: number,
    readonly ownerPid: number,
  ) {
    super(`the embedded PostgreSQL in ${clusterDir} is in use by process ${ownerPid} (its server is process ${serverPid})`);
    this.name = 'ClusterInUseError';
  }
}

const OWNER_FILE = 'owner.pid';

export function ownerFileOf(root: string): string {
  return join(root, OWNER_FILE);
}

/** Records this process as the one that runs the cluster under `root`. */
export function recordOwner(root: string): void {
  writeFileSync(ownerFileOf(root), `${process.pid}\n`);
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

export function inspectCluster(root: string, clusterDir: string): ClusterOccupancy {
  const serverPid = readPid(join(clusterDir, 'postmaster.pid'));
  if (serverPid === null) return { kind: 'free' };
  if (!isProcessAlive(serverPid)) return { kind: 'stale', pid: serverPid };
  // A recycled pid (common in containers, where numbers are small) belongs to something else.
  const command = commandLine(serverPid);
  if (command !== null && !command.includes(clusterDir)) return { kind: 'stale', pid: serverPid };

  const ownerPid = readPid(ownerFileOf(root));
  const parent = parentPid(serverPid);
  const ownerAlive = ownerPid !== null ? parent === ownerPid && isProcessAlive(ownerPid) : parent !== null && parent !== 1;
  if (ownerAlive) return { kind: 'in_use', pid: serverPid, ownerPid: ownerPid ?? parent ?? 0 };
  return { kind: 'orphaned', pid: serverPid };
}

/**
 * Leaves the cluster free for a new server, or throws ClusterInUseError. An orphan is shut down
 * (fast shutdown: open transactions roll back, which is what a crash of the service means anyway);
 * if it does not go, immediate shutdown, then SIGKILL. A stale lock file is removed.
 */
export async function freeCluster(root: string, clusterDir: string, log: (message: string) => void = () => undefined): Promise<ClusterOccupancy> {
  const occupancy = inspectCluster(root, clusterDir);
  switch (occupancy.kind) {
    case 'free':
      return occupancy;
    case 'in_use':
      throw new ClusterInUseError(clusterDir, occupancy.pid, occupancy.ownerPid);
    case 'stale':
      log(`removing the stale lock file of process ${occupancy.pid}, which no longer runs PostgreSQL`);
      rmSync(join(clusterDir, 'postmaster.pid'), { force: true });
      return occupancy;
    case 'orphaned':
      log(`stopping the orphaned PostgreSQL (process ${occupancy.pid}) left by a process that died`);
      for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
        try {
          process.kill(occupancy.pid, signal);
        } catch {
          // gone already
        }
        if (await waitForExit(occupancy.pid, waitMs)) return occupancy;
      }
      throw new Error(`the orphaned PostgreSQL (process ${occupancy.pid}) in ${clusterDir} did not stop, not even on SIGKILL`);
  }
}
