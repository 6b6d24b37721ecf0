import type { EmbeddedDatabaseSupervisor } from '@kassa/platform';

export type Liveness = { readonly alive: true } | { readonly alive: false; readonly reason: string };

/**
 * Whether this process can still serve, as far as its own embedded PostgreSQL goes: false while
 * that server is being started again after it died, and after it could not be (the process then
 * exits). With DATABASE_URL the database is someone else's: an outage there is a readiness matter
 * (/ready), and restarting this process would not bring it back.
 */
export class DatabaseLiveness {
  constructor(private readonly supervisor: EmbeddedDatabaseSupervisor | null) {}

  check(): Liveness {
    if (!this.supervisor || this.supervisor.state === 'up') return { alive: true };
    return { alive: false, reason: `embedded database ${this.supervisor.state}: ${this.supervisor.reason}` };
  }
}
