import { HttpClient } from './support/http-client';
import { runPool } from './support/run-pool';
import { type LatencySummary, nowMs, perSecond, summarize } from './support/stats';
import { type CreditCheck, waitForCredits } from './verify-credits';

const AMOUNT = '500';
const AMOUNT_MINOR = 50_000n;
const POLL_MS = 20;
const FLOW_TIMEOUT_MS = 120_000;

export interface DepositFlowResult {
  readonly count: number;
  readonly concurrency: number;
  readonly perSecond: number;
  /** From POST /v1/deposits until GET /v1/deposits/{id} first shows `credited`. */
  readonly latency: LatencySummary;
  readonly settle: CreditCheck;
}

/** A PayTM transaction number (11 digits) whose last digit makes the sandbox answer `ok` and send the postback. */
function okKey1(i: number): string {
  return `4${String(i).padStart(9, '0')}3`;
}

/**
 * The whole deposit as a merchant sees it: open, submit the player's transaction number, and wait
 * until the provider's (sandbox's) signed postback has credited it.
 */
export async function runDepositFlows(api: HttpClient, databaseUrl: string, count: number, concurrency: number, runId: string): Promise<DepositFlowResult> {
  const latencies = new Float64Array(count);
  const started = nowMs();
  await runPool(count, concurrency, async (i) => {
    const flowStarted = nowMs();
    const label = `flow-${runId}-${i}`;
    const opened = await api.json<{ id: string }>('POST', '/v1/deposits', { walletType: 'paytm', label, amount: AMOUNT }, { 'idempotency-key': `flow-open-${runId}-${i}` });
    if (opened.status !== 201) throw new Error(`POST /v1/deposits answered ${opened.status}: ${JSON.stringify(opened.body)}`);
    const id = opened.body.id;
    const activated = await api.json<{ status: string }>('POST', `/v1/deposits/${id}/activation`, { transactionId: okKey1(i), amount: AMOUNT }, { 'idempotency-key': `flow-act-${runId}-${i}` });
    if (activated.status !== 200) throw new Error(`activation answered ${activated.status}: ${JSON.stringify(activated.body)}`);
    const deadline = Date.now() + FLOW_TIMEOUT_MS;
    // A merchant whose activation answer already shows the credit has nothing to wait for.
    let status = activated.body.status;
    while (status !== 'credited') {
      status = (await api.json<{ status: string }>('GET', `/v1/deposits/${id}`)).body.status;
      if (status === 'credited') break;
      if (Date.now() > deadline) throw new Error(`deposit ${id} not credited within ${FLOW_TIMEOUT_MS} ms (status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    latencies[i] = nowMs() - flowStarted;
  });
  const ended = nowMs();
  const settle = await waitForCredits(databaseUrl, `flow-${runId}-%`, count, BigInt(count) * AMOUNT_MINOR, ended, false);
  return { count, concurrency, perSecond: perSecond(count, ended - started), latency: summarize(latencies), settle };
}
