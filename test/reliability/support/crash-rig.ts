import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@kassa/event-store';
import { createPaykassmaSandbox, type PaykassmaSandbox } from '@kassa/paykassma';
import { createDataSource, SANDBOX_KEYS } from '@kassa/platform';
import { READ_MODEL_MIGRATIONS, READ_MODEL_PROJECTIONS, verifyLedger } from '@kassa/read-models';
import { seededRandom } from '../../../libs/ledger/src/testing/random';
import { depositStreamId, withdrawalStreamId } from '@kassa/kernel';
import { WEBHOOK_FAN_OUT_NAME } from '@kassa/ledger';
import { eventually } from '../../support/eventually';
import { transactionNumber } from '../../support/money-flows';
import type { ServiceChild } from '../../support/service-child';

/**
 * The Paykassma sandbox in the test process, not in the service: it outlives the service's crash,
 * keeps what it was asked, and retries its postbacks until a service (any of `targets`) takes them.
 */
export async function outsideSandbox(targets: () => readonly number[]): Promise<{ sandbox: PaykassmaSandbox; env: Record<string, string>; close(): Promise<void> }> {
  let turn = 0;
  const sandbox = createPaykassmaSandbox({
    accessKey: SANDBOX_KEYS.postbackAccessKey,
    privateKey: SANDBOX_KEYS.postbackPrivateKey,
    pluginApiSecret: SANDBOX_KEYS.pluginApiSecret,
    withdrawalKey: SANDBOX_KEYS.withdrawalKey,
    // Each attempt to the next service in turn: a dead one's postbacks reach the living one.
    postbackUrl: () => {
      const ports = targets();
      return `http://127.0.0.1:${ports[turn++ % ports.length]}/paykassma/postback`;
    },
    postbackRetryBaseMs: 100,
    postbackMaxAttempts: 12,
    postbackTimeoutMs: 5_000,
  });
  const app = express();
  app.use('/sandbox', sandbox.router);
  const server: Server = await new Promise((done) => {
    const listening = app.listen(0, '127.0.0.1', () => done(listening));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;
  return {
    sandbox,
    env: {
      PAYKASSMA_API_URL: base,
      PAYKASSMA_PLUGIN_URL: `${base}/plugin`,
      PAYKASSMA_PLUGINAPI_SECRET: SANDBOX_KEYS.pluginApiSecret,
      PAYKASSMA_POSTBACK_ACCESS_KEY: SANDBOX_KEYS.postbackAccessKey,
      PAYKASSMA_POSTBACK_PRIVATE_KEY: SANDBOX_KEYS.postbackPrivateKey,
      PAYKASSMA_WITHDRAWAL_KEY: SANDBOX_KEYS.withdrawalKey,
      PAYKASSMA_IS_TEST: 'true',
      PAYKASSMA_RETRY_BASE_MS: '100',
      IDEMPOTENCY_LEASE_MS: '1000',
      // The load and the sandbox's postbacks all come from this machine, faster than the default
      // limits allow; the crash test is about crashes, and limited postbacks would run out of retries.
      RATE_LIMIT_PER_MINUTE: '100000000,100000000',
    },
    close: async () => {
      await sandbox.close();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** One API call of the load, as sent, and what came back (null: no answer, the process died under it). */
interface Call {
  readonly method: 'POST';
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey: string;
  status: number | null;
  answer: any;
}

const LABELS = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];

/**
 * A mixed load from a seeded generator: deposits opened and activated (the sandbox then sends their
 * postbacks), withdrawals requested against what was credited, and withdrawals finished at the
 * sandbox (which sends those postbacks). Every call carries an Idempotency-Key and is recorded.
 */
export class MixedLoad {
  readonly calls: Call[] = [];
  private readonly random;
  private stopped = false;
  private completed = 0;

  constructor(
    seed: number,
    private readonly sandbox: PaykassmaSandbox,
    private readonly services: () => readonly ServiceChild[],
  ) {
    this.random = seededRandom(seed);
  }

  get completedOperations(): number {
    return this.completed;
  }

  /** `workers` loops until stop(); each operation goes to one of the services. */
  run(workers: number): Promise<void> {
    return Promise.all(Array.from({ length: workers }, () => this.loop())).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const roll = this.random.int(10);
      if (roll < 5) await this.depositFlow();
      else if (roll < 8) await this.withdrawal();
      else this.finishOneWithdrawal();
      this.completed += 1;
    }
  }

  private service(): ServiceChild {
    return this.random.pick(this.services());
  }

  /** Sends the call and records it; a connection that breaks is recorded as no answer. */
  async send(call: Omit<Call, 'status' | 'answer'>, to: ServiceChild = this.service()): Promise<Call> {
    const recorded: Call = { ...call, status: null, answer: null };
    this.calls.push(recorded);
    try {
      const response = await to.request(call.method, call.path, call.body, { 'idempotency-key': call.idempotencyKey });
      recorded.status = response.status;
      recorded.answer = response.body;
    } catch {
      // no answer: retried with the same key after the restart
    }
    return recorded;
  }

  private async depositFlow(): Promise<void> {
    const label = this.random.pick(LABELS);
    const amount = String(100 + this.random.int(900));
    const opened = await this.send({ method: 'POST', path: '/v1/deposits', body: { walletType: 'easypaisa', label, amount }, idempotencyKey: `dep-${this.calls.length}-${this.random.int(1e9)}` });
    if (opened.status !== 201) return;
    await this.send({
      method: 'POST',
      path: `/v1/deposits/${opened.answer.id}/activation`,
      body: { transactionId: transactionNumber('ok'), amount },
      idempotencyKey: `act-${this.calls.length}-${this.random.int(1e9)}`,
    });
  }

  private async withdrawal(): Promise<void> {
    await this.send({
      method: 'POST',
      path: '/v1/withdrawals',
      body: { walletType: 'easypaisa', label: this.random.pick(LABELS), amount: String(10 + this.random.int(90)), accountNumber: '03123456789', accountName: 'Ali Khan' },
      idempotencyKey: `wd-${this.calls.length}-${this.random.int(1e9)}`,
    });
  }

  /** The withdrawals the sandbox accepted and has not finished yet. */
  private openAtSandbox(): string[] {
    return (this.sandbox.control.withdrawals() as { withdrawalId: string; status: string }[]).filter((w) => w.status === 'submitted').map((w) => w.withdrawalId);
  }

  /** The provider pays (1) or fails (5) a withdrawal it holds, at random. */
  private finishOneWithdrawal(): void {
    const open = this.openAtSandbox();
    if (open.length > 0) this.sandbox.control.finishWithdrawal(this.random.pick(open), { status: this.random.int(2) === 0 ? 1 : 5 });
  }

  /** Every call that got no answer (or a 5xx), sent again with its key until it gets a final answer. */
  async retryUnanswered(to: ServiceChild): Promise<number> {
    const unanswered = this.calls.filter((c) => c.status === null || c.status >= 500);
    for (const call of unanswered) {
      let last = '';
      const final = await eventually(
        async () => {
          const response = await to.request(call.method, call.path, call.body, { 'idempotency-key': call.idempotencyKey });
          last = `${response.status} ${JSON.stringify(response.body)}`;
          // In progress until the dead request's lease ends: not stuck, just not yet.
          const inProgress = response.status === 409 && response.body?.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
          return inProgress || response.status >= 500 ? undefined : response;
        },
        15_000,
        `a final answer to ${call.path} with key ${call.idempotencyKey}`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last answer: ${last}`);
      });
      call.status = final.status;
      call.answer = final.body;
    }
    return unanswered.length;
  }

  /** Finishes every withdrawal the sandbox still holds. */
  finishAllWithdrawals(): void {
    for (const id of this.openAtSandbox()) this.sandbox.control.finishWithdrawal(id, { status: this.random.int(2) === 0 ? 1 : 5 });
  }

  acknowledged(path: RegExp, status: number): any[] {
    return this.calls.filter((c) => path.test(c.path) && c.status === status).map((c) => c.answer);
  }
}

/** Reads the database directly: what the ledger holds after the crash, whatever its HTTP layer says. */
export async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The rows of subscription_checkpoints that are not event-store positions: the webhook fan-out keeps
 * the webhook_events seq it reached there (its own catch-up is not what this rig checks).
 */
const NOT_EVENT_POSITIONS = [WEBHOOK_FAN_OUT_NAME];

/**
 * Every subscription's stored checkpoint is the head: the newest position readers may see (transaction
 * id, global position; below the oldest transaction in flight, as the event store reads). A filtered
 * subscription moves its checkpoint past the events it does not want, so this holds for each of them,
 * including one whose streams never had an event (no withdrawal in the run).
 */
export async function caughtUp(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ name: string; commit_position: string; prepare_position: string; head_commit: string | null; head_prepare: string | null }>(
    `WITH head AS (
       SELECT transaction_id::text::bigint AS commit_position, global_position AS prepare_position FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1)
     SELECT c.name, c.commit_position::text, c.prepare_position::text, h.commit_position::text AS head_commit, h.prepare_position::text AS head_prepare
       FROM subscription_checkpoints c LEFT JOIN head h ON true
      WHERE h.commit_position IS NOT NULL AND (c.commit_position, c.prepare_position) <> (h.commit_position, h.prepare_position)
        AND NOT (c.name = ANY ($1::text[]))
      ORDER BY c.name`,
    [NOT_EVENT_POSITIONS],
  );
  if (rows.length === 0) return true;
  // The condition's last error names who is behind, so a timeout says which subscription stalled.
  const attempts = await client.query('SELECT subscriber, event_id, attempts, last_error FROM subscription_attempts');
  const dead = await client.query('SELECT subscriber, event_id, attempts, last_error FROM dead_letters');
  const locks = await client.query(
    "SELECT l.objid, a.pid, a.application_name, a.state, left(a.query, 80) AS query FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory'",
  );
  const head = `${rows[0].head_commit}/${rows[0].head_prepare}`;
  throw new Error(
    `not at the head ${head}: ${rows.map((r) => `${r.name} at ${r.commit_position}/${r.prepare_position}`).join(', ')}; attempts ${JSON.stringify(attempts.rows)}; dead ${JSON.stringify(dead.rows)}; locks ${JSON.stringify(locks.rows)}`,
  );
}

export interface LedgerFacts {
  readonly creditsPerDeposit: Map<string, number>;
  readonly outcomesPerWithdrawal: Map<string, number>;
  readonly journalTotals: { currency: string; total: string }[];
  readonly keysInProgress: number;
  readonly submissionsNotDone: { withdrawal_id: string; state: string }[];
  readonly depositStatuses: Map<string, string>;
  readonly withdrawalStatuses: Map<string, string>;
}

export async function ledgerFacts(client: Client, tenantId = 'default'): Promise<LedgerFacts> {
  const count = async (types: string[]) => {
    const { rows } = await client.query<{ stream_id: string; n: number }>('SELECT stream_id, count(*)::int AS n FROM events WHERE type = ANY($1) GROUP BY stream_id', [types]);
    return new Map(rows.map((r) => [r.stream_id, r.n]));
  };
  const credits = await count(['DepositCredited']);
  const outcomes = await count(['WithdrawalSucceeded', 'WithdrawalFailed']);
  const deposits = await client.query<{ id: string; status: string }>('SELECT id::text, status FROM deposits');
  const withdrawals = await client.query<{ id: string; status: string }>('SELECT id::text, status FROM withdrawals');
  const journal = await client.query<{ currency: string; total: string }>('SELECT currency, sum(amount_minor)::text AS total FROM ledger_entries GROUP BY currency ORDER BY currency');
  const keys = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM idempotency_keys WHERE state = 'in_progress'");
  const submissions = await client.query<{ withdrawal_id: string; state: string }>("SELECT withdrawal_id, state FROM withdrawal_submissions WHERE state <> 'done'");
  return {
    creditsPerDeposit: new Map(deposits.rows.map((d) => [d.id, credits.get(depositStreamId(tenantId, d.id)) ?? 0])),
    outcomesPerWithdrawal: new Map(withdrawals.rows.map((w) => [w.id, outcomes.get(withdrawalStreamId(tenantId, w.id)) ?? 0])),
    journalTotals: journal.rows,
    keysInProgress: keys.rows[0].n,
    submissionsNotDone: submissions.rows,
    depositStatuses: new Map(deposits.rows.map((d) => [d.id, d.status])),
    withdrawalStatuses: new Map(withdrawals.rows.map((w) => [w.id, w.status])),
  };
}

/** Replays every event into a scratch schema and compares each read model with it (what `ledger-cli verify` does). */
export async function verifyAgainstReplay(url: string): Promise<{ ok: boolean; driftedTables: readonly string[] }> {
  const pool = new Pool({ connectionString: url, max: 4 });
  const dataSource = createDataSource(url, [], { poolSize: 4 });
  await dataSource.initialize();
  const store = new PostgresEventStore(pool);
  try {
    const result = await verifyLedger({ dataSource, store, projections: READ_MODEL_PROJECTIONS, migrations: READ_MODEL_MIGRATIONS, merchants: ['default'] });
    return { ok: result.ok, driftedTables: result.runs[0].driftedTables };
  } finally {
    await store.close();
    await pool.end();
    await dataSource.destroy();
  }
}
