/**
 * Injection tokens of the infrastructure that has no class of its own to stand for it. The TypeORM
 * `DataSource` is injected by its class; the event store, clock and the merchants (their settings
 * and provider clients) by the ledger's tokens (EVENT_STORE, CLOCK, MERCHANTS).
 */
/** The validated `Config` (libs/platform). */
export const CONFIG = Symbol('CONFIG');
/** The process's pino `Logger`. */
export const LOGGER = Symbol('LOGGER');
/** The `DatabaseHandle`: its URL, and the embedded PostgreSQL when there is one. */
export const DATABASE = Symbol('DATABASE');
/** The event store's own `pg` Pool: appends are short and must not queue behind report queries. */
export const EVENT_POOL = Symbol('EVENT_POOL');
