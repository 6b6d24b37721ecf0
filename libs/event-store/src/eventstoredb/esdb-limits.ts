/** A bound on any one read, as in the PostgreSQL store: readAll(limit) and readStream(maxCount) above it are rejected. */
export const ESDB_MAX_READ_COUNT = 10_000;
/** A bound on one append, as in the PostgreSQL store. */
export const ESDB_MAX_EVENTS_PER_APPEND = 1_000;
/**
 * Entries of $all one readAll or headPosition may look at. The v6 client reads $all without a
 * server-side filter, so a read for a rare prefix walks past every other event; past this bound it
 * fails loudly instead of running on (a short answer would wrongly tell the caller it is caught up).
 */
export const ESDB_MAX_SCANNED_ENTRIES = 5_000_000;
/** Entries fetched per round trip when scanning $all. */
export const ESDB_SCAN_PAGE_SIZE = 1_000;
