import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { GetCurrentBalancesHandler } from '@kassa/ledger';
import { BalanceQueries, EntryQueries } from '@kassa/read-models';
import { PlayersController } from './players.controller';

/** A player's balances (now from the wallet streams, or as of an instant from the journal) and ledger postings. */
@Module({
  controllers: [PlayersController],
  providers: [GetCurrentBalancesHandler, queryProvider(BalanceQueries), queryProvider(EntryQueries)],
})
export class PlayersModule {}
