import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LeaderLock, lockConnectionsFrom, type ProcessManager } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, MERCHANTS, type MerchantDirectory } from '../application/ledger-context';
import { WakeableSleep } from '../shared/wakeable-sleep';
import { WithdrawalQueueStateReader } from './queue/withdrawal-queue-state';
import { SubmitWithdrawalCommand } from './submit-withdrawal.handler';
import { listParkedSubmissions, nextDueAt, postponeSubmission, selectDueSubmissions, type ParkedSubmission, type SubmissionKey } from './submission-queue';
import { SubmissionQueueProcessManager } from './submission-queue.process-manager';
import {
  DEFAULT_MAX_DELAY_MS,
  WITHDRAWAL_SUBMISSION_SETTINGS,
  WITHDRAWAL_SUBMITTER_LOG,
  type SubmissionOutcome,
  type SubmitterLog,
  type WithdrawalSubmissionSettings,
} from './submission-settings';

export type SubmissionReport = Readonly<Record<SubmissionOutcome, number>>;

const LEADER_NAME = 'withdrawal-submitter';
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_MAX_CONCURRENT = 4;
/** Bound on the turns of one runDueNow (each turn takes up to maxConcurrent withdrawals). */
const MAX_TURNS_PER_RUN = 10_000;
/** How long a withdrawal waits after a failure on our side (not counted as an attempt). */
const OWN_FAILURE_DELAY_MS = 30_000;

/**
 * Sends every configured merchant's requested withdrawals to its payment provider (each merchant
 * its own), durably:
 * - the work list is a table fed from the events by the `withdrawal-submission-queue` process
 *   manager (processManager()), so nothing is lost to a crash between the hold and the call;
 * - one leader (advisory lock) polls it and dispatches SubmitWithdrawalCommand per due withdrawal,
 *   with up to maxConcurrent in flight, so a withdrawal waiting for its retry, or a provider that
 *   times out, never holds up the others;
 * - the handler works under the withdrawal's own lock and re-reads its stream before each call, so
 *   it is never submitted twice at once and never after the provider answered;
 * - retries keep the same withdrawal_id, back off from retryBaseMs doubling with jitter, and stop
 *   after maxAttempts calls: the withdrawal is parked (requested, funds held) for an operator;
 * - while a merchant's queue is paused (a run of identical refusals) nothing of that merchant's is sent.
 */
@Injectable()
export class WithdrawalSubmitter {
  private readonly leader: LeaderLock;
  private readonly inFlight = new Map<string, Promise<SubmissionOutcome>>();
  /** Withdrawals another worker held when we tried, left alone until the given time (ms) so we do not spin. */
  private readonly busyUntilMs = new Map<string, number>();
  private readonly pollIntervalMs: number;
  private readonly maxConcurrent: number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly pause = new WakeableSleep();

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WITHDRAWAL_SUBMISSION_SETTINGS) private readonly settings: WithdrawalSubmissionSettings,
    @Inject(WITHDRAWAL_SUBMITTER_LOG) private readonly log: SubmitterLog,
    private readonly queue: WithdrawalQueueStateReader,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
  ) {
    this.pollIntervalMs = settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.maxConcurrent = settings.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    if (settings.maxAttempts < 1) throw new RangeError('maxAttempts must be at least 1');
    if (settings.pauseAfterRefusals < 1) throw new RangeError('pauseAfterRefusals must be at least 1');
    if (this.maxConcurrent < 1) throw new RangeError('maxConcurrent must be at least 1');
    this.leader = new LeaderLock(LEADER_NAME, lockConnectionsFrom(dataSource));
  }

  /** The process manager that feeds the work list; run it with the other process managers. */
  processManager(): ProcessManager {
    return new SubmissionQueueProcessManager(this.dataSource, () => this.wake());
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops polling, lets the calls in flight finish and record their answers, then frees the leadership. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.inFlight.values()]);
    await this.leader.release();
  }

  /** Look now rather than at the next poll. */
  wake(): void {
    this.pause.wake();
  }

  /**
   * One pass over everything due now, whether or not this process leads, waiting for every call:
   * for tests and operator tools. Each withdrawal is taken at most once per pass.
   */
  async runDueNow(): Promise<SubmissionReport> {
    const report: Record<SubmissionOutcome, number> = { submitted: 0, rejected: 0, deferred: 0, held: 0, parked: 0, paused: 0, not_due: 0, ended: 0, busy: 0, failed: 0 };
    const seen = new Set<string>();
    for (let turn = 0; turn < MAX_TURNS_PER_RUN; turn++) {
      const now = this.clock.now().toISOString();
      const due = await selectDueSubmissions(this.dataSource, this.merchants.ids(), now, this.maxConcurrent, [...seen, ...this.inFlight.keys()]);
      if (due.length === 0) break;
      const outcomes = await Promise.all(due.map((key) => (seen.add(key.withdrawalId), this.submit(key))));
      for (const outcome of outcomes) report[outcome] += 1;
    }
    await Promise.allSettled([...this.inFlight.values()]);
    return report;
  }

  /** One merchant's withdrawals whose attempts ran out (requested, funds held, outcome unknown). */
  parked(tenantId: string): Promise<ParkedSubmission[]> {
    return listParkedSubmissions(this.dataSource, tenantId);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let sleepMs = this.pollIntervalMs;
      try {
        if (await this.leader.tryAcquire()) sleepMs = await this.startDue();
      } catch (error) {
        this.log.error({ error: error instanceof Error ? error.message : String(error) }, 'withdrawal submitter: polling failed; will retry');
      }
      await this.pause.sleep(sleepMs); // stop() wakes it
    }
  }

  /**
   * Fills the free call slots with due withdrawals (without waiting for the calls) and answers how
   * long to sleep: until the next retry is due, but never longer than the poll interval (another
   * instance's PM may enqueue work without waking us, an operator may resume the queue).
   */
  private async startDue(): Promise<number> {
    const free = this.maxConcurrent - this.inFlight.size;
    if (free <= 0) return this.pollIntervalMs; // a finishing call wakes us
    const running = await this.runningMerchants();
    if (running.length === 0) return this.pollIntervalMs;
    const now = this.clock.now();
    for (const [id, untilMs] of this.busyUntilMs) if (untilMs <= now.getTime()) this.busyUntilMs.delete(id);
    const excluded = [...this.inFlight.keys(), ...this.busyUntilMs.keys()];
    const due = await selectDueSubmissions(this.dataSource, running, now.toISOString(), free, excluded);
    for (const key of due) void this.submit(key).catch(() => undefined);
    if (due.length === free) return 0; // more may be due
    const next = await nextDueAt(this.dataSource, running);
    if (next === null) return this.pollIntervalMs;
    // A row being worked on is still pending and already due: its finishing call wakes us instead.
    const untilNextMs = next.getTime() - now.getTime();
    return untilNextMs <= 0 ? this.pollIntervalMs : Math.min(this.pollIntervalMs, untilNextMs);
  }

  /** The merchants whose queue is not paused (a paused merchant's withdrawals wait; the others' go on). */
  private async runningMerchants(): Promise<string[]> {
    const ids = this.merchants.ids();
    const states = await Promise.all(ids.map((id) => this.queue.current(id)));
    return ids.filter((_, index) => states[index].status !== 'paused');
  }

  /** One withdrawal's turn, tracked so it is never started twice here; a finished call frees a slot. */
  private submit(key: SubmissionKey): Promise<SubmissionOutcome> {
    const running = this.inFlight.get(key.withdrawalId);
    if (running) return running;
    const call = this.commandBus
      .execute<SubmitWithdrawalCommand, SubmissionOutcome>(new SubmitWithdrawalCommand(key))
      .catch(async (error: unknown): Promise<SubmissionOutcome> => {
        // Our side failed (database, event store): the call may have gone out, but its answer is not
        // recorded and so not counted. Back off so a lasting failure cannot call the provider in a loop;
        // the retry uses the same withdrawal_id, which the provider deduplicates.
        const message = error instanceof Error ? error.message : String(error);
        this.log.error({ merchant: key.tenantId, withdrawalId: key.withdrawalId, error: message }, 'withdrawal submission failed; retried later');
        const delayMs = Math.min(this.settings.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, OWN_FAILURE_DELAY_MS);
        const dueAt = new Date(this.clock.now().getTime() + delayMs).toISOString();
        await postponeSubmission(this.dataSource, key, dueAt, message).catch(() => undefined);
        return 'failed';
      })
      .finally(() => {
        this.inFlight.delete(key.withdrawalId);
      });
    void call.then((outcome) => {
      if (outcome === 'busy') this.busyUntilMs.set(key.withdrawalId, this.clock.now().getTime() + this.pollIntervalMs);
      // A freed slot may take the next due withdrawal at once.
      if (outcome !== 'failed' && outcome !== 'busy' && outcome !== 'paused') this.wake();
    });
    this.inFlight.set(key.withdrawalId, call);
    return call;
  }
}
