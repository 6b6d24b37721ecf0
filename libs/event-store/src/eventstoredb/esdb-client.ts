import type {
  AllStreamResolvedEvent,
  AppendResult as EsdbAppendResult,
  AppendToStreamOptions,
  EventData,
  ReadAllOptions as EsdbReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@eventstore/db-client';
import { esdbLibrary } from './esdb-library';

/** A catch-up subscription as we consume it: pulled one entry at a time, so the gRPC stream waits for us. */
export interface EsdbCatchUpSubscription extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
}

/**
 * The part of EventStoreDBClient the adapter uses. The real client satisfies it as it is; tests pass
 * a small in-memory stand-in. Reads are consumed as async iterables (the client returns Node
 * Readables), which gives backpressure for free: nothing more is read from the server than we pull.
 */
export interface EsdbClient {
  appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult>;
  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: EsdbReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EsdbCatchUpSubscription;
  dispose(): Promise<void>;
}

/**
 * A client from a connection string such as `esdb://eventstore:2113?tls=false` (single node) or
 * `esdb+discover://node1:2113,node2:2113?nodePreference=leader` (a cluster). Reads and appends go to
 * the leader by default, which the adapter relies on: it reads its own appends back at once.
 */
export function connectEventStoreDb(connectionString: string): EsdbClient {
  if (!/^esdb(\+discover)?:\/\//.test(connectionString)) {
    throw new TypeError('EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://');
  }
  return esdbLibrary().EventStoreDBClient.connectionString(connectionString);
}
