import type { AppendManyOptions, AppendResult, EventStore, StreamAppend } from './event-store.port';

/**
 * appendMany for a store without multi-stream transactions: one append per stream, in order. A
 * failure stops there and leaves the earlier streams appended; the caller's deterministic event ids
 * make a retry of the whole list a no-op for those and complete the rest.
 */
export async function appendSequentially(
  store: Pick<EventStore, 'append'>,
  appends: readonly StreamAppend[],
  options: AppendManyOptions = {},
): Promise<AppendResult[]> {
  if (options.alongside || options.alongsideRow) throw new TypeError('this event store appends streams one by one: it has no transaction to write other rows in');
  const results: AppendResult[] = [];
  for (const { streamId, events, expected } of appends) results.push(await store.append(streamId, events, expected));
  return results;
}
