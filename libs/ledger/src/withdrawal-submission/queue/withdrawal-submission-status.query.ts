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
 * Reads of one merchant's submission queue for operators: `queue()` answers
 * GET /v1/admin/withdrawal-queue. Every read names the merchant: each has its own queue and pause.
 * (`/metrics` reads the same tables for every merchant: libs/infrastructure/src/metrics/scraped-sources.ts.)
 */
@Injectable()
export class WithdrawalSubmissionStatus {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WITHDRAWAL_SUBMISSION_SETTINGS) private readonly settings: WithdrawalSubmissionSettings,
    private readonly queueState: WithdrawalQueueStateReader,
  ) {}

  countsByState(tenantId: string): Promise<SubmissionCounts> {
    return countSubmissionsByState(this.dataSource, tenantId);
  }

  /** One merchant's queue: the admin API passes the API key's merchant. */
  async queue(tenantId: string): Promise<WithdrawalQueueView> {
    const [state, counts] = await Promise.all([this.queueState.current(tenantId), this.countsByState(tenantId)]);
    const pause = state.status === 'paused' ? { reason: state.reason, refusals: state.refusals, withdrawalId: state.withdrawalId, pausedAt: state.pausedAt } : null;
    return { state: state.status, pause, pauseAfterRefusals: this.settings.pauseAfterRefusals, ...counts };
  }
}
