import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { BalanceQueries, EntryQueries } from '@kassa/read-models';
import { PlayersController } from './players.controller';

/** A player's balances (now or as of an instant) and ledger postings. */
@Module({
  controllers: [PlayersController],
  providers: [queryProvider(BalanceQueries), queryProvider(EntryQueries)],
})
export class PlayersModule {}
