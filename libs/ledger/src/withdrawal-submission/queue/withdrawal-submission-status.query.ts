import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { countSubmissionsByState, type SubmissionCounts } from '../submission-queue';
import { WITHDRAWAL_SUBMISSION_SETTINGS, type WithdrawalSubmissionSettings } from '../submission-settings';
import { WithdrawalQueueStateReader } from './withdrawal-queue-state';

export interface WithdrawalQueueView extends SubmissionCounts {
  readonly state: 'running' | 'paused';
  /** Why it paused: the provider's refusal, how many in a row, the last refused withdrawal, when. */
  readonly pause: { readonly reason: string; readonly refusals: number; readonly withdrawalId: string; readonly pausedAt: string } | null;
  /** PAYKASSMA_PAUSE_AFTER_REFUSALS. */
  readonly pauseAfterRefusals: number;
}

/**
 * Reads of the submission queue for operators and metrics: `countsByState()` is what
 * `kassa_withdrawal_submissions{state="queued"|"parked"}` shows; `queue()` answers
 * GET /v1/admin/withdrawal-queue; `paused()` is `kassa_withdrawal_queue_paused`.
 */
@Injectable()
export class WithdrawalSubmissionStatus {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WITHDRAWAL_SUBMISSION_SETTINGS) private readonly settings: WithdrawalSubmissionSettings,
    private readonly queueState: WithdrawalQueueStateReader,
  ) {}

  /** One merchant's (the configured default merchant's unless given). */
  countsByState(tenantId: string = this.settings.tenantId): Promise<SubmissionCounts> {
    return countSubmissionsByState(this.dataSource, tenantId);
  }

  async paused(tenantId: string = this.settings.tenantId): Promise<boolean> {
    return (await this.queueState.current(tenantId)).status === 'paused';
  }

  /** One merchant's queue: the admin API passes the API key's merchant. */
  async queue(tenantId: string = this.settings.tenantId): Promise<WithdrawalQueueView> {
    const [state, counts] = await Promise.all([this.queueState.current(tenantId), this.countsByState(tenantId)]);
    const pause = state.status === 'paused' ? { reason: state.reason, refusals: state.refusals, withdrawalId: state.withdrawalId, pausedAt: state.pausedAt } : null;
    return { state: state.status, pause, pauseAfterRefusals: this.settings.pauseAfterRefusals, ...counts };
  }
}
