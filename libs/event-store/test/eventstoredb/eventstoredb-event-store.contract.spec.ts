import { EventStoreDbEventStore } from '../../src/eventstoredb';
import { describeEventStoreContract } from '../../src/testing/event-store.contract';

/**
 * The shared contract suite against a real EventStoreDB (KurrentDB), only when one is configured:
 *   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest libs/event-store/test/eventstoredb
 * The suite writes under a random prefix per run and never assumes an empty $all, so any server will do.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('eventstoredb', async () => {
    const store = EventStoreDbEventStore.connect(connectionString);
    return { store, teardown: () => store.close() };
  }, { globallyUniqueEventIds: false });
} else {
  describe('EventStore contract (eventstoredb)', () => {
    it.skip('skipped: EVENTSTORE_CONNECTION_STRING is not set', () => undefined);
  });
}
