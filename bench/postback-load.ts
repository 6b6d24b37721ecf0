import { computePostbackSignature } from '@kassa/paykassma';
import { SANDBOX_KEYS } from '@kassa/platform';
import { CpuMeter, type CpuUsage } from './support/cpu-meter';
import { HttpClient } from './support/http-client';
import { runPool } from './support/run-pool';
import { type LatencySummary, nowMs, perSecond, summarize } from './support/stats';
import { waitForCredits, type CreditCheck } from './verify-credits';
import { type CreditsAtAck, CreditsAtAckCounter } from './credits-at-ack';
import { type CaughtUpResult, waitForReadModels } from './caught-up';
import { countStatements, resetStatements, type StatementStat, topStatements } from './support/pg-statements';

const AMOUNT = '700';
const AMOUNT_MINOR = 70_000n;
/** Postbacks per player wallet: several credits land on the same wallet stream, as in production. */
const DEPOSITS_PER_PLAYER = 4;
/** How long the read models may take after the last ack before the run says they did not catch up. */
const READ_MODELS_TIMEOUT_MS = 120_000;

export interface PostbackLoadResult {
  readonly openDeposits: { readonly count: number; readonly perSecond: number; readonly latency: LatencySummary };
  readonly postbacks: { readonly count: number; readonly concurrency: number; readonly perSecond: number; readonly latency: LatencySummary; readonly failures: number };
  /** Wallet credits already committed when their postback was acknowledged (must be every one). */
  readonly creditsAtAck: CreditsAtAck;
  /** After the last postback was acknowledged: until every projection and process manager has caught up. */
  readonly readModels: CaughtUpResult;
  /** After the last postback was acknowledged: until every deposit row and wallet balance shows the credit. */
  readonly settle: CreditCheck;
  /** Monotonic ms (process.hrtime) of the postback phase, to cut a CPU profile to it. */
  readonly window: { readonly fromMs: number; readonly toMs: number };
  /** Service RSS (MB) when the load began, after the deposits were opened, after the postbacks. */
  readonly rssTimelineMb: { readonly idle: number; readonly afterOpen: number; readonly afterPostbacks: number };
  /** CPU seconds during the postback phase: the service process, this client, the rest (PostgreSQL). */
  readonly cpu: CpuUsage;
  /** With BENCH_PG_STATEMENTS=1: what the server spent the postback phase on. */
  readonly statements?: readonly StatementStat[];
  /**
   * With BENCH_PG_STATEMENTS=1: the server's statements from the first postback to the last ack
   * (BEGIN and COMMIT included, the bench's own check of each credit left out), per postback, and
   * the ones called most often.
   */
  readonly statementCount?: { readonly perPostback: number; readonly mostCalled: readonly { readonly query: string; readonly calls: number }[] };
}

/** The body the provider sends for one ingoing PayTM payment of our order `depositId`. */
export function signedDepositPostback(depositId: string, transactionId: string, label: string): string {
  const keys = { accessKey: SANDBOX_KEYS.postbackAccessKey, privateKey: SANDBOX_KEYS.postbackPrivateKey };
  const additionalData = [{
    activated_datetime: '2024-05-01 10:00:00', exchanger_identifier: '99xxxx6690', comment: '', amount: AMOUNT, currency_code: 'INR',
    wallet_type: 'paytm', stockpiling_id: 1, transaction_id: transactionId, transaction_type: 0, plugin_custom_order_id: depositId,
    withdrawal_id: null, withdrawal_status: null, account_number: '', account_name: '', account_email: '',
    bank_details: { bank_code: '', branch_code: '' },
  }];
  return JSON.stringify({
    signature: computePostbackSignature(keys, additionalData), wallet_type: 'paytm', amount: 700, currency_code: 'INR', label,
    converted_amount: { USD: 8.41, INR: 700 }, direction: 'ingoing', created_datetime: '2024-05-01 10:00:05', access_key: keys.accessKey,
    additional_data: additionalData,
  });
}

/**
 * Opens `count` deposits over the API, then sends one distinct signed postback for each at the given
 * concurrency, timing every request; then waits until every credit reached the read models.
 */
export async function runPostbackLoad(api: HttpClient, databaseUrl: string, count: number, concurrency: number, runId: string, servicePid: number, pgStatements = false, rssMb: () => number = () => 0): Promise<PostbackLoadResult> {
  const idleRssMb = rssMb();
  const labelOf = (i: number) => `pb-${runId}-${Math.floor(i / DEPOSITS_PER_PLAYER)}`;
  const depositIds: string[] = new Array(count);
  const openLatencies = new Float64Array(count);
  const openStarted = nowMs();
  await runPool(count, concurrency, async (i) => {
    const started = nowMs();
    const answer = await api.json<{ id: string }>('POST', '/v1/deposits', { walletType: 'paytm', label: labelOf(i), amount: AMOUNT }, { 'idempotency-key': `open-${runId}-${i}` });
    openLatencies[i] = nowMs() - started;
    if (answer.status !== 201) throw new Error(`POST /v1/deposits answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    depositIds[i] = answer.body.id;
  });
  const openElapsedMs = nowMs() - openStarted;
  const afterOpenRssMb = rssMb();

  // Signed before the clock starts: the provider's work, not ours.
  const bodies = depositIds.map((id, i) => signedDepositPostback(id, `5${String(i).padStart(10, '0')}`, labelOf(i)));
  const latencies = new Float64Array(count);
  let failures = 0;
  if (pgStatements) await resetStatements(databaseUrl);
  const atAck = new CreditsAtAckCounter(databaseUrl);
  const meter = new CpuMeter({ service: servicePid });
  const fromMs = nowMs();
  await runPool(count, concurrency, async (i) => {
    const started = nowMs();
    const answer = await api.send('POST', '/paykassma/postback', bodies[i]);
    latencies[i] = nowMs() - started;
    if (answer.status !== 200 || !answer.text.includes('"ok"')) {
      failures += 1;
      if (failures <= 3) process.stderr.write(`postback ${i} answered ${answer.status}: ${answer.text}\n`);
      return;
    }
    await atAck.check(labelOf(i), 'INR', depositIds[i]);
  });
  const toMs = nowMs();
  const cpu = meter.stop();
  const counted = pgStatements ? await countStatements(databaseUrl) : undefined;
  const statementCount = counted && { perPostback: Math.round(((counted.calls - atAck.checkedSoFar) / count) * 100) / 100, mostCalled: counted.mostCalled };
  const readModels = await waitForReadModels(api, toMs, READ_MODELS_TIMEOUT_MS);
  const creditsAtAck = await atAck.close();
  const afterPostbacksRssMb = rssMb();
  const statements = pgStatements ? await topStatements(databaseUrl) : undefined;
  const settle = await waitForCredits(databaseUrl, `pb-${runId}-%`, count, BigInt(count) * AMOUNT_MINOR, toMs);
  return {
    openDeposits: { count, perSecond: perSecond(count, openElapsedMs), latency: summarize(openLatencies) },
    postbacks: { count, concurrency, perSecond: perSecond(count, toMs - fromMs), latency: summarize(latencies), failures },
    creditsAtAck,
    readModels,
    settle,
    window: { fromMs, toMs },
    rssTimelineMb: { idle: idleRssMb, afterOpen: afterOpenRssMb, afterPostbacks: afterPostbacksRssMb },
    cpu,
    statements,
    statementCount,
  };
}
