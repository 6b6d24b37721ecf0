/**
 * What our SQL needs: TypeORM's `query`, which a DataSource and a transaction's EntityManager both
 * have. Projections get the runner's EntityManager (so their writes commit with the checkpoint);
 * queries and the inbox get a DataSource or whatever transaction the caller holds.
 */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}
