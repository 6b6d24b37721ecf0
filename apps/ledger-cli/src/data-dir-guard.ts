import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, inspectCluster } from '@kassa/platform';
import { CliRefusal } from './cli-errors';

export interface DataDirGuardOptions {
  /** `--init`: an empty DATA_DIR is wanted, create the database in it. */
  readonly init?: boolean;
}

/**
 * Before a command opens the embedded database: refuses a DATA_DIR that never held one (a typo or a
 * missing variable would otherwise create an empty ledger and report on it as if it were the real
 * one), and a DATA_DIR whose PostgreSQL a running service has (a second server cannot start on it).
 * With DATABASE_URL the server is shared and nothing here applies.
 */
export function guardDataDir(config: Config, options: DataDirGuardOptions = {}): void {
  if (config.databaseUrl) return;
  const root = join(config.dataDir, 'postgres');
  const clusterDir = join(root, 'pg');
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    if (options.init) return;
    throw new CliRefusal(
      `DATA_DIR ${config.dataDir} holds no ledger database (none was ever created there): set DATA_DIR to the service's data folder ` +
        `or DATABASE_URL to its database; pass --init to create an empty one here`,
    );
  }
  const occupancy = inspectCluster(root, clusterDir);
  if (occupancy.kind === 'in_use') {
    throw new CliRefusal(
      `DATA_DIR ${config.dataDir} belongs to a running kassa-ledger (process ${occupancy.ownerPid}): use its admin endpoints ` +
        `(GET /v1/admin/projections, POST /v1/admin/projections/{name}/rebuild, POST /v1/admin/verify) or stop the service first`,
    );
  }
}
