import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';

/** Opens the dedicated connection a lock lives on (one per subscriber name and process). */
export type LockConnectionFactory = () => Promise<Client>;

/**
 * Single active consumer per name: a session-level pg_try_advisory_lock on a connection of its own.
 *
 * Own connection, not one from the pool: a session lock lives as long as the session, and a pooled
 * connection handed back with the lock still held would keep the name locked by nobody. When this
 * process dies its connection closes and PostgreSQL frees the lock; a follower takes over on its next
 * try. The lock is a liveness tool only; two consumers that briefly both believe they lead are kept
 * apart by the checkpoint compare-and-set (checkpoints.ts).
 */
export class LeaderLock {
  private client: Client | undefined;
  private locked = false;
  private lost = false;

  constructor(
    readonly subscriber: string,
    private readonly connect: LockConnectionFactory,
  ) {}

  get held(): boolean {
    return this.client !== undefined && this.locked && !this.lost;
  }

  /** True when this process now holds the lock (or already did). A follower keeps its connection between tries. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = await this.connection();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
        lockKey(this.subscriber),
      ]);
      this.locked = rows[0]?.locked === true;
      return this.locked;
    } catch (error) {
      this.lost = true;
      throw error;
    }
  }

  /**
   * A round trip on the lock's own connection: proves the session (and so the lock) is alive and
   * returns the query's rows. Marks the lock lost when the connection is gone.
   */
  async query<TRow extends object>(sql: string, parameters: unknown[]): Promise<TRow[]> {
    if (!this.client || !this.held) throw new Error(`lock of ${this.subscriber} is not held`);
    try {
      const { rows } = await this.client.query<TRow>(sql, parameters);
      return rows;
    } catch (error) {
      this.lost = true;
      throw error;
    }
  }

  /** Frees the lock; ending the session frees it even when the unlock statement cannot run. */
  async release(): Promise<void> {
    const client = this.client;
    if (client && this.held) {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(this.subscriber)]).catch(() => undefined);
    }
    await this.closeClient();
  }

  private async connection(): Promise<Client> {
    if (this.client && !this.lost) return this.client;
    await this.closeClient();
    const client = await this.connect();
    // An idle connection can die (server restart, network); losing it loses the lock.
    const markLost = (): void => {
      if (this.client === client) this.lost = true; // a discarded connection's late events change nothing
    };
    client.on('error', markLost);
    client.on('end', markLost);
    this.client = client;
    return client;
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.locked = false;
    this.lost = false;
    if (client) await client.end().catch(() => undefined);
  }
}

/** A namespace so our keys do not meet other advisory locks taken on the same database. */
function lockKey(subscriber: string): string {
  return `kassa.subscription:${subscriber}`;
}

function ignoreConnectionError(): void {
  // The connect() call or the lock's own listener sees the failure; nothing to add here.
}

const LOCK_CONNECT_TIMEOUT_MS = 10_000;

/** Lock connections to the same database as a TypeORM postgres DataSource. */
export function lockConnectionsFrom(dataSource: DataSource): LockConnectionFactory {
  const options = dataSource.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: string | (() => string) | (() => Promise<string>);
    database?: string;
    ssl?: ClientConfig['ssl'];
  };
  const config: ClientConfig = {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    ssl: options.ssl,
    application_name: 'kassa-subscription-lock',
    // A server that does not answer must not hold a lock try forever: the worker retries instead.
    connectionTimeoutMillis: LOCK_CONNECT_TIMEOUT_MS,
    // A lock connection is idle most of the time: keepalives notice a peer that vanished without a word.
    keepAlive: true,
  };
  return async () => {
    const client = new Client(config);
    // A server that dies while this connects (or after a failed connect) reports on the client: without
    // a listener that report would crash the process. The lock attaches its own listener once connected.
    client.on('error', ignoreConnectionError);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  };
}
