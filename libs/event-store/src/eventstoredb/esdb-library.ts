import type * as EsdbLibrary from '@eventstore/db-client';

/**
 * The EventStoreDB client library, loaded on first use. With gRPC and protobuf it is some 200
 * modules, which the PostgreSQL store (the embedded default) never needs and the service would
 * otherwise load at every start.
 */
export function esdbLibrary(): typeof EsdbLibrary {
  return require('@eventstore/db-client') as typeof EsdbLibrary;
}
