import { Client } from 'pg';
import { nowMs } from './support/stats';

export interface CreditCheck {
  /** Every deposit row credited, every wallet balance holding the credits, every postback applied once. */
  readonly ok: boolean;
  readonly creditedDeposits: number;
  readonly walletAvailableMinor: string;
  readonly expectedAvailableMinor: string;
  readonly appliedPostbacks: number;
  /** From `sinceMs` until the read models showed every credit (the asynchronous tail). */
  readonly settledAfterMs: number;
  /** Wallet credits already in the balances at the first look (when the load ended). */
  readonly walletCreditsAtStart: number;
  /** The wallet-postings process manager + balance projection, alone: credits per second after the load. */
  readonly walletCreditsPerSecondAfter: number;
}

const POLL_MS = 200;
/** BENCH_SETTLE_TIMEOUT_S: how long to wait for the asynchronous credits before calling the run failed. */
const TIMEOUT_MS = Number(process.env.BENCH_SETTLE_TIMEOUT_S ?? 300) * 1000;

/**
 * A benchmark that loses money is not a result: waits until the deposits of the players matching
 * `labelPattern` are all credited, their wallet balances sum to the expected amount (the wallet
 * process manager and the balance projection ran), and the inbox says each postback was applied.
 */
export async function waitForCredits(databaseUrl: string, labelPattern: string, deposits: number, expectedMinor: bigint, sinceMs: number, countInbox = true): Promise<CreditCheck> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    const perDepositMinor = expectedMinor / BigInt(Math.max(1, deposits));
    let walletCreditsAtStart: number | undefined;
    for (;;) {
      const credited = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM deposits WHERE label LIKE $1 AND status = 'credited'", [labelPattern]);
      const balance = await client.query<{ sum: string }>('SELECT coalesce(sum(available_minor), 0)::text AS sum FROM wallet_balances WHERE label LIKE $1', [labelPattern]);
      const creditedDeposits = credited.rows[0].n;
      const walletAvailableMinor = balance.rows[0].sum;
      const settled = creditedDeposits === deposits && BigInt(walletAvailableMinor) === expectedMinor;
      walletCreditsAtStart ??= Number(BigInt(walletAvailableMinor) / perDepositMinor);
      if (settled || Date.now() > deadline) {
        const settledAfterMs = Math.round(nowMs() - sinceMs);
        const applied = countInbox
          ? (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM postback_inbox WHERE outcome = 'applied' AND raw_body LIKE $1", [`%"label":"${labelPattern.replace('%', '')}%`])).rows[0].n
          : deposits;
        const creditsAfter = Number(BigInt(walletAvailableMinor) / perDepositMinor) - walletCreditsAtStart;
        return {
          ok: settled && applied === deposits,
          creditedDeposits,
          walletAvailableMinor,
          expectedAvailableMinor: expectedMinor.toString(),
          appliedPostbacks: applied,
          settledAfterMs,
          walletCreditsAtStart,
          walletCreditsPerSecondAfter: settledAfterMs > 0 ? Math.round((creditsAfter * 1000) / settledAfterMs) : 0,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await client.end();
  }
}
