import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { ApplyDepositPostbackHandler, ApplyWithdrawalPostbackHandler } from '@kassa/ledger';
import { PostbackInboxRepository } from '@kassa/read-models';
import { PostbackController } from './postback.controller';
import { PostbackService } from './postback.service';
import { WithdrawalPostbackApplier } from './withdrawal-postback.applier';

/** The provider's signed postbacks: verified, applied by a command with the wallet's side, kept in the inbox. */
@Module({
  controllers: [PostbackController],
  providers: [PostbackService, WithdrawalPostbackApplier, ApplyDepositPostbackHandler, ApplyWithdrawalPostbackHandler, queryProvider(PostbackInboxRepository)],
})
export class PostbacksModule {}
