import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { AssignSuspenseHandler } from '@kassa/ledger';
import { SuspenseItemQueries } from '@kassa/read-models';
import { SuspenseController } from './suspense.controller';

/** Suspense: the merchant's unmatched credits, listed, and assigned to players by finance. */
@Module({
  controllers: [SuspenseController],
  providers: [AssignSuspenseHandler, queryProvider(SuspenseItemQueries)],
})
export class SuspenseModule {}
