import type { EmbeddedDatabase } from './embedded-postgres';

export type DatabaseLifeState = 'up' | 'restarting' | 'failed';

export interface SupervisorOptions {
  /** Start attempts after one death, each after a doubling delay. */
  readonly restartAttempts?: number;
  readonly firstRestartDelayMs?: number;
  readonly log: {
    error(details: Record<string, unknown>, message: string): void;
    warn(details: Record<string, unknown>, message: string): void;
    info(details: Record<string, unknown>, message: string): void;
  };
  /** After the last attempt failed: the process cannot serve any more (the service exits non-zero). */
  readonly onGiveUp: (reason: string) => void;
}

/**
 * Keeps the embedded PostgreSQL running: when its server dies (killed, out of memory, a PANIC), it
 * is started again on the same port, so the pools' next connections find it. A bounded number of
 * attempts per death; then onGiveUp, and a supervisor outside (systemd, Docker, Kubernetes) restarts
 * the whole service, which clears what is left of the old server at start-up.
 */
export class EmbeddedDatabaseSupervisor {
  private current: DatabaseLifeState = 'up';
  private lastReason = '';
  private readonly attempts: number;
  private readonly firstDelayMs: number;

  constructor(
    private readonly database: EmbeddedDatabase,
    private readonly options: SupervisorOptions,
  ) {
    this.attempts = options.restartAttempts ?? 5;
    this.firstDelayMs = options.firstRestartDelayMs ?? 250;
    database.onUnexpectedExit((description) => void this.recover(description));
  }

  get state(): DatabaseLifeState {
    return this.current;
  }

  /** Why the database is not up ('' when it is). */
  get reason(): string {
    return this.current === 'up' ? '' : this.lastReason;
  }

  private async recover(description: string): Promise<void> {
    this.current = 'restarting';
    this.lastReason = description;
    this.options.log.error({ reason: description }, 'the embedded PostgreSQL died; starting it again');
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, this.firstDelayMs * 2 ** (attempt - 1)));
      try {
        await this.database.restart();
        this.current = 'up';
        this.options.log.info({ attempt, pid: this.database.pid }, 'the embedded PostgreSQL runs again');
        return;
      } catch (error) {
        this.lastReason = error instanceof Error ? error.message : String(error);
        this.options.log.warn({ attempt, of: this.attempts, reason: this.lastReason }, 'the embedded PostgreSQL did not start again');
      }
    }
    this.current = 'failed';
    this.options.onGiveUp(`the embedded PostgreSQL died and could not be started again after ${this.attempts} attempts: ${this.lastReason}`);
  }
}
