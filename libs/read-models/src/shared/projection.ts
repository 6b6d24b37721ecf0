/** The projection contract of the event store's ProjectionRunner, in one place for this library. */
export type { Projection } from '@kassa/event-store';
