import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@kassa/platform';
import { ServiceChild } from './service-child';
import { DemoWebhookReceiver } from './webhook-receiver';

/**
 * `npm run demo`: starts the service (its own process, built by `npm run build`) on a throwaway
 * embedded PostgreSQL with the built-in sandbox,
 * walks one deposit of each payment system through open → activation → signed postback → credit
 * over HTTP, and prints the balances. A small receiver on localhost, registered as the merchant's
 * webhook endpoint first, prints the webhooks it got, each verified with the Standard Webhooks
 * library. Everything it does is what a merchant's platform would do.
 */
const DEMO_KEY = 'sk_demo_all_scopes';
const PNG_1x1 = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

const DEPOSITS = [
  { walletType: 'paytm', label: 'demo-player', amount: '1500', key1: '47381113463', manual: false },
  { walletType: 'easypaisa', label: 'demo-player', amount: '1200', key1: '67923175246', manual: false },
  { walletType: 'khalti_ml', label: 'demo-player', amount: '800', key1: '01003246080588218368', manual: true },
  { walletType: 'esewa_ml', label: 'demo-player', amount: '450', key1: '5750E9FB', manual: true },
  { walletType: 'upay_manual', label: 'demo-player', amount: '3000', key1: 'B3A240229-009236', manual: true },
] as const;

async function call(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const headers: Record<string, string> = { authorization: `Bearer ${DEMO_KEY}`, 'idempotency-key': `demo-${method}-${path}-${Date.now()}-${Math.random()}` };
  let payload: string | FormData | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${base}${path}`, { method, headers, body: payload });
  const parsed = await response.json();
  if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Decimal strings of one currency share their scale, so their digits add up as minor units. */
const minorUnits = (amount: string): bigint => BigInt(amount.replace('.', ''));

/** Whether each currency's available balance is the sum of its credits (and no other currency shows). */
function sameMinorTotals(balances: { currency: string; available: string }[], credits: { currency: string; amount: string }[]): boolean {
  const expected = new Map<string, bigint>();
  for (const credit of credits) expected.set(credit.currency, (expected.get(credit.currency) ?? 0n) + minorUnits(credit.amount));
  return balances.length === expected.size && balances.every((line) => expected.get(line.currency) === minorUnits(line.available));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kassa-demo-'));
  chmodSync(dataDir, 0o755); // the embedded server runs as its own user when we are root
  const service = ServiceChild.launch(await freePort(), { DATA_DIR: dataDir, LOG_LEVEL: 'warn', LEDGER_API_KEYS: `demo:payments+finance+admin:${DEMO_KEY}` });
  const base = service.baseUrl;
  const receiver = await DemoWebhookReceiver.start();
  try {
    await service.waitUntilHealthy(120_000);
    process.stdout.write(`service on ${base} (embedded PostgreSQL in ${dataDir}, built-in sandbox)\n`);
    // The sandbox allows a receiver on localhost; a real deployment takes https on a public address only.
    const endpoint = await call(base, 'POST', '/v1/webhook-endpoints', { url: receiver.url, eventTypes: ['*'], description: 'npm run demo' });
    receiver.useSecret(endpoint.secret);
    process.stdout.write(`webhook endpoint ${endpoint.id} → ${receiver.url} (secret shown once: ${endpoint.secret.slice(0, 10)}…)\n\n`);
    const credits: { currency: string; amount: string }[] = [];
    for (const d of DEPOSITS) {
      const deposit = await call(base, 'POST', '/v1/deposits', { walletType: d.walletType, label: d.label, amount: d.amount });
      const form = new FormData();
      form.set('transactionId', d.key1);
      form.set('amount', d.amount);
      form.set('screenshot', new Blob([PNG_1x1], { type: 'image/png' }), 'payment.png');
      const activated = await call(base, 'POST', `/v1/deposits/${deposit.id}/activation`, d.manual ? form : { transactionId: d.key1, amount: d.amount });
      if (d.manual) await fetch(`${base}/sandbox/sandbox-control/possible-transactions/${deposit.id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_KEY}` }, body: '{}' });
      const credited = await waitFor(`${d.walletType} credit`, async () => {
        const view = await call(base, 'GET', `/v1/deposits/${deposit.id}`);
        return view.status === 'credited' ? view : undefined;
      });
      credits.push({ currency: credited.currency, amount: credited.credit.amount });
      process.stdout.write(`${d.walletType.padEnd(12)} ${deposit.id}  details ${JSON.stringify(deposit.walletDetails)}\n`);
      process.stdout.write(`${''.padEnd(12)} activation: ${activated.activation.outcome}; credited ${credited.credit.amount} ${credited.currency} by postback ${credited.credit.transactionId}\n`);
    }
    // Balances are a read model: wait until it shows every credit.
    const balances = await waitFor('the balances to show every credit', async () => {
      const answer = await call(base, 'GET', '/v1/players/demo-player/balances');
      return sameMinorTotals(answer.balances, credits) ? answer : undefined;
    });
    process.stdout.write(`\nbalances of demo-player as of ${balances.asOf}\n`);
    process.stdout.write(`  ${'currency'.padEnd(9)}${'available'.padStart(12)}${'held'.padStart(12)}${'total'.padStart(12)}\n`);
    for (const line of balances.balances) {
      process.stdout.write(`  ${line.currency.padEnd(9)}${line.available.padStart(12)}${line.held.padStart(12)}${line.total.padStart(12)}\n`);
    }
    await waitFor('a deposit.credited webhook for every deposit', async () => (receiver.received.filter((webhook) => webhook.type === 'deposit.credited').length >= DEPOSITS.length ? true : undefined), 60_000);
    process.stdout.write(`\nwebhooks received at ${receiver.url}, each verified with standardwebhooks (${receiver.rejected} refused);\n`);
    process.stdout.write('in arrival order, which is not promised: data.version tells the newer state of an object\n');
    for (const webhook of receiver.received) {
      process.stdout.write(`  ${webhook.type.padEnd(30)} ${webhook.objectId}  ${webhook.status.padEnd(22)} v${String(webhook.version).padEnd(3)} webhook-id ${webhook.webhookId}\n`);
    }
  } finally {
    await service.stop().finally(() => receiver.close());
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
