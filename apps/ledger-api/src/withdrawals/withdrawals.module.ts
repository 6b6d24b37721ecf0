import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { RequestWithdrawalHandler } from '@kassa/ledger';
import { WithdrawalQueries } from '@kassa/read-models';
import { WithdrawalsController } from './withdrawals.controller';

/** Withdrawals: request one (the hold), read it back. Submission to the provider is background work. */
@Module({
  controllers: [WithdrawalsController],
  providers: [RequestWithdrawalHandler, queryProvider(WithdrawalQueries)],
})
export class WithdrawalsModule {}
