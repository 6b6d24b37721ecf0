import type {
  AppendManyOptions,
  AppendResult,
  BatchHandler,
  EventStore,
  ExpectedVersion,
  NewEvent,
  Position,
  ReadAllOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { appendSequentially } from '../sequential-appends';

/**
 * Any store seen as one without multi-stream transactions (EventStoreDB's case), for tests on the
 * PostgreSQL that runs here: appendMany goes stream by stream, and `beforeAppend` may fail one
 * of them to stand for a process that dies between two appends.
 */
export class SequentialEventStore implements EventStore {
  readonly multiStreamAppend = 'sequential' as const;

  constructor(
    private readonly inner: EventStore,
    /** Called before each append of an appendMany with its index; a throw stops the rest. */
    private readonly beforeAppend: (append: StreamAppend, index: number) => void = () => undefined,
  ) {}

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return this.inner.append(streamId, events, expected);
  }

  appendMany(appends: readonly StreamAppend[], options: AppendManyOptions = {}): Promise<AppendResult[]> {
    let index = 0;
    return appendSequentially({
      append: (streamId, events, expected) => {
        this.beforeAppend({ streamId, events, expected }, index++);
        return this.inner.append(streamId, events, expected);
      },
    }, appends, options);
  }

  readStream(streamId: string, fromVersion?: number, maxCount?: number): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, fromVersion, maxCount);
  }

  readAll(from: Position, limit: number, options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(from, limit, options);
  }

  subscribeAll(from: Position, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(from, handler, options);
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
