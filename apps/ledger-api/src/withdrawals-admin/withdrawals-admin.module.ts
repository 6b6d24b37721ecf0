import { Module } from '@nestjs/common';
import { WithdrawalsAdminController } from './withdrawals-admin.controller';

/**
 * /v1/admin/withdrawals/{id}/resubmit|resolve and /v1/admin/withdrawal-queue[/resume]. The command
 * handlers and the status query are BackgroundWorkModule's (global), beside the submitter they act on.
 */
@Module({ controllers: [WithdrawalsAdminController] })
export class WithdrawalsAdminModule {}
