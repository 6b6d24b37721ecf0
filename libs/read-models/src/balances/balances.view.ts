import { fromMinorString, formatMinor } from '@kassa/ledger';

/** `GET /v1/players/{label}/balances`: one line per currency the player has a wallet in. */
export interface PlayerBalances {
  readonly label: string;
  /** The moment the balances are for (ISO-8601 UTC). */
  readonly asOf: string;
  readonly balances: BalanceLine[];
}

export interface BalanceLine {
  readonly currency: string;
  readonly available: string;
  readonly held: string;
  /** available + held: what we owe the player. */
  readonly total: string;
}

/** Minor-unit text as the queries select it. */
export interface BalanceRow {
  readonly currency: string;
  readonly available_minor: string;
  readonly held_minor: string;
}

export function toBalanceLine(row: BalanceRow): BalanceLine {
  const availableMinor = fromMinorString(row.available_minor);
  const heldMinor = fromMinorString(row.held_minor);
  return {
    currency: row.currency,
    available: formatMinor(availableMinor, row.currency),
    held: formatMinor(heldMinor, row.currency),
    total: formatMinor(availableMinor + heldMinor, row.currency),
  };
}
