/** Injection tokens of the withdrawal submission feature (provided by the API's module and by tests). */
export const WITHDRAWAL_SUBMISSION_SETTINGS = Symbol('WITHDRAWAL_SUBMISSION_SETTINGS');
export const WITHDRAWAL_SUBMITTER_LOG = Symbol('WITHDRAWAL_SUBMITTER_LOG');

export const WITHDRAWAL_SUBMITTER_ACTOR = 'withdrawal-submitter';

export interface WithdrawalSubmissionSettings {
  /** The default merchant: whose parked list and queue status are read when no merchant is named. */
  readonly tenantId: string;
  /** PAYKASSMA_MAX_ATTEMPTS: calls per withdrawal (per resubmission), the first included. */
  readonly maxAttempts: number;
  /** PAYKASSMA_RETRY_BASE_MS, doubled per failed attempt with jitter, capped at maxDelayMs. */
  readonly retryBaseMs: number;
  /** Cap of one retry delay; default 5 minutes. */
  readonly maxDelayMs?: number;
  /** PAYKASSMA_PAUSE_AFTER_REFUSALS: identical refusals in a row that pause the queue. */
  readonly pauseAfterRefusals: number;
  /** How often the leader looks for due withdrawals when nothing woke it; default 1000. */
  readonly pollIntervalMs?: number;
  /** Provider calls in flight at once (each holds a database connection for its lock); default 4. */
  readonly maxConcurrent?: number;
  /** Jitter source in [0, 1); Math.random unless a test fixes it. */
  readonly random?: () => number;
}

export const DEFAULT_MAX_DELAY_MS = 300_000;

/** pino's signature, so the service's logger fits as it is. */
export interface SubmitterLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * What one turn did with one withdrawal. `ended`: it was no longer requested (or the answer could not
 * be recorded because the stream says otherwise); `busy`: another worker holds it; `failed`: our side
 * failed (database, event store) and it is due again later; `paused`: the queue is paused, nothing
 * was sent; `held`: the provider refused it while the queue is (now) paused, so it stays requested.
 */
export type SubmissionOutcome = 'submitted' | 'rejected' | 'deferred' | 'held' | 'parked' | 'paused' | 'not_due' | 'ended' | 'busy' | 'failed';
