import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { OpenDepositHandler, SubmitActivationHandler } from '@kassa/ledger';
import { DepositQueries } from '@kassa/read-models';
import { DepositsController } from './deposits.controller';

/** Deposits: open one (wallet details from the provider), submit its activation, read it back. */
@Module({
  controllers: [DepositsController],
  providers: [OpenDepositHandler, SubmitActivationHandler, queryProvider(DepositQueries)],
})
export class DepositsModule {}
