import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projections } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, postgreSQLRawSQLProjection } from '@event-driven-io/emmett-postgresql';
import { sql } from '@event-driven-io/dumbo';
import { Pool } from 'pg';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore, type TransactionSql } from '@kassa/event-store';
import { openDatabase } from '@kassa/platform';
import { runPool } from './support/run-pool';
import { type LatencySummary, nowMs, perSecond, summarize } from './support/stats';

/**
 * The peer comparison: one unit of work, the same for both stores, on the same PostgreSQL server.
 * A unit is what a postback costs the store, made generic: two appends, each to its own new stream
 * with an expected version ("the stream does not exist yet"), and one row written by a projection
 * of the first event. Ours runs it as the service does, one atomic appendMany with the row in the
 * same transaction; and a second way, stream by stream (two commits, the row with the second),
 * which is the shape Emmett's API has: appendToStream is one stream, one transaction, and its
 * inline projections write in that transaction.
 */
export interface PeerVariant {
  readonly units: number;
  readonly concurrency: number;
  readonly unitsPerSecond: number;
  /** Transactions committed per second (units × commits per unit). */
  readonly commitsPerSecond: number;
  readonly latency: LatencySummary;
  /** Rows the projection holds at the end: must equal `units`. */
  readonly projectedRows: number;
}

export interface PeerResult {
  readonly emmett: PeerVariant & { readonly version: string };
  readonly oursAtomic: PeerVariant;
  readonly oursStreamByStream: PeerVariant;
}

const PROJECTED_TABLE = 'peer_orders';
const CREATE_PROJECTED_TABLE = `CREATE TABLE IF NOT EXISTS ${PROJECTED_TABLE} (order_id text PRIMARY KEY, amount_minor bigint NOT NULL)`;
const INSERT_PROJECTED = `INSERT INTO ${PROJECTED_TABLE} (order_id, amount_minor) VALUES ($1, $2)`;

interface OrderPlaced {
  type: 'OrderPlaced';
  data: { orderId: string; amountMinor: string };
}
interface PaymentRecorded {
  type: 'PaymentRecorded';
  data: { orderId: string; amountMinor: string };
}

/** The installed version (the package exports no package.json: read it beside its entry point). */
function emmettVersion(): string {
  const entry = require.resolve('@event-driven-io/emmett-postgresql');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

async function projectedRows(pool: Pool, prefix: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${PROJECTED_TABLE} WHERE order_id LIKE $1`, [`${prefix}%`]);
  return rows[0].n;
}

/** One way of running the unit: the work for unit i, the rows it projected, and how it is closed. */
interface Contender {
  readonly commitsPerUnit: number;
  unit(i: number): Promise<void>;
  projectedRows(): Promise<number>;
  close(): Promise<void>;
}

const metadata = { tenantId: 'peer' };

async function ourStore(databaseUrl: string, concurrency: number, runId: string): Promise<{ atomic: Contender; streamByStream: Contender }> {
  await (await openDatabase(databaseUrl, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
  const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
  const store = new PostgresEventStore(pool);
  await pool.query(CREATE_PROJECTED_TABLE);
  const project = (orderId: string, amountMinor: string) => async (tx: TransactionSql) => void (await tx.query(INSERT_PROJECTED, [orderId, amountMinor]));
  const events = (orderId: string, amountMinor: string) => ({
    placed: [{ id: randomUUID(), type: 'OrderPlaced', data: { orderId, amountMinor }, metadata }],
    paid: [{ id: randomUUID(), type: 'PaymentRecorded', data: { orderId, amountMinor }, metadata }],
  });
  let open = 2;
  const close = async () => {
    open -= 1;
    if (open > 0) return;
    await store.close();
    await pool.end();
  };
  const atomicPrefix = `ours-a-${runId}-`;
  const seqPrefix = `ours-s-${runId}-`;
  return {
    atomic: {
      commitsPerUnit: 1,
      async unit(i) {
        const orderId = `${atomicPrefix}${i}`;
        const { placed, paid } = events(orderId, String(1000 + i));
        await store.appendMany(
          [{ streamId: `order-${orderId}`, events: placed, expected: 'no_stream' }, { streamId: `payment-${orderId}`, events: paid, expected: 'no_stream' }],
          { alongside: project(orderId, String(1000 + i)) },
        );
      },
      projectedRows: () => projectedRows(pool, atomicPrefix),
      close,
    },
    streamByStream: {
      commitsPerUnit: 2,
      async unit(i) {
        const orderId = `${seqPrefix}${i}`;
        const { placed, paid } = events(orderId, String(1000 + i));
        await store.appendMany([{ streamId: `order-${orderId}`, events: placed, expected: 'no_stream' }], { alongside: project(orderId, String(1000 + i)) });
        await store.append(`payment-${orderId}`, paid, 'no_stream');
      },
      projectedRows: () => projectedRows(pool, seqPrefix),
      close,
    },
  };
}

async function emmettStore(databaseUrl: string, concurrency: number, runId: string): Promise<Contender> {
  const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
  const orders = postgreSQLRawSQLProjection<OrderPlaced>({
    name: 'peer_orders',
    canHandle: ['OrderPlaced'],
    init: () => sql(CREATE_PROJECTED_TABLE),
    evolve: (event) => sql(`INSERT INTO ${PROJECTED_TABLE} (order_id, amount_minor) VALUES (%L, %L)`, event.data.orderId, event.data.amountMinor),
  });
  const store = getPostgreSQLEventStore(databaseUrl, { projections: projections.inline([orders]), connectionOptions: { pool } });
  await store.schema.migrate();
  const prefix = `emmett-${runId}-`;
  return {
    commitsPerUnit: 2,
    // Emmett's "the stream does not exist yet" is expected version 0 (its versions count events from 1).
    async unit(i) {
      const orderId = `${prefix}${i}`;
      const amountMinor = String(1000 + i);
      await store.appendToStream<OrderPlaced>(`order-${orderId}`, [{ type: 'OrderPlaced', data: { orderId, amountMinor } }], { expectedStreamVersion: 0n });
      await store.appendToStream<PaymentRecorded>(`payment-${orderId}`, [{ type: 'PaymentRecorded', data: { orderId, amountMinor } }], { expectedStreamVersion: 0n });
    },
    projectedRows: () => projectedRows(pool, prefix),
    async close() {
      await store.close();
      await pool.end().catch(() => undefined); // Emmett's close() may have ended the pool it was given
    },
  };
}

/** Rounds in which the contenders take turns, so that a noisy moment on the machine hits all of them alike. */
const ROUNDS = 5;

async function race(contenders: readonly Contender[], units: number, concurrency: number): Promise<PeerVariant[]> {
  const latencies = contenders.map(() => new Float64Array(units));
  const elapsed = contenders.map(() => 0);
  const perRound = Math.ceil(units / ROUNDS);
  for (let first = 0; first < units; first += perRound) {
    const count = Math.min(perRound, units - first);
    for (const [c, contender] of contenders.entries()) {
      const started = nowMs();
      await runPool(count, concurrency, async (k) => {
        const sent = nowMs();
        await contender.unit(first + k);
        latencies[c][first + k] = nowMs() - sent;
      });
      elapsed[c] += nowMs() - started;
    }
  }
  return Promise.all(contenders.map(async (contender, c) => {
    const unitsPerSecond = perSecond(units, elapsed[c]);
    return { units, concurrency, unitsPerSecond, commitsPerSecond: unitsPerSecond * contender.commitsPerUnit, latency: summarize(latencies[c]), projectedRows: await contender.projectedRows() };
  }));
}

/**
 * Both stores, each on a database of its own on the same server, the same units at the same
 * concurrency, taking turns in rounds.
 */
export async function measurePeer(emmettDatabaseUrl: string, oursDatabaseUrl: string, units: number, concurrency: number, runId: string): Promise<PeerResult> {
  const emmett = await emmettStore(emmettDatabaseUrl, concurrency, runId);
  const ours = await ourStore(oursDatabaseUrl, concurrency, runId);
  try {
    const [e, seq, atomic] = await race([emmett, ours.streamByStream, ours.atomic], units, concurrency);
    return { emmett: { ...e, version: emmettVersion() }, oursAtomic: atomic, oursStreamByStream: seq };
  } finally {
    await emmett.close();
    await ours.atomic.close();
    await ours.streamByStream.close();
  }
}
