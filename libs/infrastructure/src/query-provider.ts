import type { FactoryProvider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '@kassa/read-models';

/**
 * The one shape of a read: a query class of the read-models lib, constructed on the DataSource and
 * injected by its class (`constructor(private readonly deposits: DepositQueries)`).
 */
export function queryProvider<T>(queries: new (sql: SqlRunner) => T): FactoryProvider<T> {
  return { provide: queries, inject: [DataSource], useFactory: (dataSource: DataSource) => new queries(dataSource) };
}

