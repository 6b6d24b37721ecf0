import type { Provider } from '@nestjs/common';
import { ResolveWithdrawalHandler } from './admin/resolve-withdrawal.handler';
import { ResubmitWithdrawalHandler } from './admin/resubmit-withdrawal.handler';
import { PauseWithdrawalQueueHandler } from './queue/pause-withdrawal-queue.handler';
import { ResumeWithdrawalQueueHandler } from './queue/resume-withdrawal-queue.handler';
import { WithdrawalQueueStateReader } from './queue/withdrawal-queue-state';
import { WithdrawalSubmissionStatus } from './queue/withdrawal-submission-status.query';
import { ParkWithdrawalSubmissionHandler } from './park-withdrawal-submission.handler';
import { RecordSubmissionAnswerHandler } from './record-submission-answer.handler';
import { SubmitWithdrawalHandler } from './submit-withdrawal.handler';
import { WithdrawalSubmitter } from './withdrawal-submitter';

/**
 * The withdrawal submission feature's providers, for a Nest module that also provides CqrsModule,
 * EVENT_STORE, CLOCK, MERCHANTS, typeorm's DataSource,
 * WITHDRAWAL_SUBMISSION_SETTINGS and WITHDRAWAL_SUBMITTER_LOG.
 */
export const WITHDRAWAL_SUBMISSION_PROVIDERS: Provider[] = [
  WithdrawalSubmitter,
  WithdrawalQueueStateReader,
  WithdrawalSubmissionStatus,
  SubmitWithdrawalHandler,
  RecordSubmissionAnswerHandler,
  ParkWithdrawalSubmissionHandler,
  PauseWithdrawalQueueHandler,
  ResumeWithdrawalQueueHandler,
  ResubmitWithdrawalHandler,
  ResolveWithdrawalHandler,
];
