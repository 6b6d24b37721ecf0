import { forgetKey, storedKey, storedMerchant } from './session';

/** An answer of the API that was not a 2xx: its problem+json, when it sent one. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the API refuses the key (401): the console signs out. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: { title?: string; detail?: string; code?: string } = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  const text = [body.title, body.detail].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  return new ApiProblem(response.status, body.code ?? null, text);
}

/** The chosen merchant (a key across merchants) as `?merchant=` on every API path: the API wants it named. */
export function withMerchant(path: string, merchant: string | null = storedMerchant()): string {
  if (merchant === null || !path.startsWith('/v1/') || path.startsWith('/v1/merchants')) return path;
  const url = new URL(path, location.origin);
  url.searchParams.set('merchant', merchant);
  return `${url.pathname}${url.search}`;
}

/** One API call with the signed-in key as the Bearer header (and the chosen merchant). */
export async function call(path: string, init: RequestInit = {}, key: string | null = storedKey()): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key !== null) headers.set('authorization', `Bearer ${key}`);
  const response = await fetch(withMerchant(path), { ...init, headers, cache: 'no-store' });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && key === storedKey()) {
      forgetKey();
      onUnauthorized();
    }
    throw problem;
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await call(path)).json() as Promise<T>;
}

/** `/ready` answers 503 with the same body when something is behind: both are worth showing. */
export async function getReadiness(): Promise<Readiness> {
  const response = await fetch('/ready', { cache: 'no-store' });
  return (await response.json()) as Readiness;
}

/** The signed-in key and the merchants it reaches (GET /v1/merchants). */
export function getMerchants(key: string | null = storedKey()): Promise<KeyMerchants> {
  return call('/v1/merchants', {}, key).then((response) => response.json() as Promise<KeyMerchants>);
}

/** Checks a key before keeping it: 401 from the API is an unknown key; the key must hold the finance scope. */
export async function checkFinanceKey(key: string): Promise<string | null> {
  try {
    const answer = await getMerchants(key);
    return answer.key.scopes.includes('finance') ? null : 'This key has no finance scope.';
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) return 'This key is not valid.';
    if (error instanceof ApiProblem && error.status === 403) return 'This key has no finance scope.';
    return `The service did not answer: ${(error as Error).message}`;
  }
}

/** A report for one merchant, or with `?merchant=*` one group per merchant. */
export type MaybePerMerchant<T> = T | { readonly merchants: readonly ({ readonly merchant: string } & T)[] };

/** Either shape as a list of groups; `merchant` is null for a key's own (single) merchant. */
export function groupsOf<T extends object>(value: MaybePerMerchant<T>): { merchant: string | null; value: T }[] {
  if ('merchants' in value && Array.isArray(value.merchants)) return value.merchants.map((group) => ({ merchant: group.merchant, value: group }));
  return [{ merchant: null, value: value as T }];
}

export const query = (parameters: Record<string, string | undefined>): string =>
  new URLSearchParams(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')).toString();

// The shapes the console reads (the API's own, only the fields shown).

export interface KeyMerchants {
  readonly key: { id: string; scopes: string[]; merchant: string };
  readonly data: { id: string; timeZone: string }[];
}

export interface Readiness {
  readonly status: string;
  readonly checks: Record<string, { status: string; reason?: string; subscriptions?: Record<string, { role: string; caughtUp: boolean; pendingEvents: number | string }>; lastRun?: VerifySummary | null }>;
}

export interface VerifySummary {
  readonly id: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  readonly driftedTables: string[];
}

export interface BalanceTotals {
  readonly asOf: string;
  readonly currencies: { currency: string; wallets: number; available: string; held: string; total: string; suspense: string }[];
}

export interface SuspenseItem {
  readonly id: string;
  readonly status: 'open' | 'assigned';
  readonly merchant: string;
  readonly walletType: string;
  readonly currency: string;
  readonly amount: string;
  readonly transactionId: string;
  readonly unsignedLabel: string | null;
  readonly creditedAt: string;
  readonly assignedTo: string | null;
  readonly assignedAt: string | null;
  readonly assignedBy: string | null;
}

export interface SuspensePage {
  readonly data: SuspenseItem[];
  readonly nextCursor: string | null;
}

export interface SettlementLine {
  readonly walletType: string;
  readonly currency: string;
  readonly deposits: { count: number; sum: string };
  readonly withdrawalsSucceeded: { count: number; sum: string };
  readonly withdrawalsFailed: { count: number; sum: string };
  readonly net: string;
  readonly usd: { deposits: string; depositsWithoutUsd: number };
}

export interface SettlementReport {
  readonly period: { from: string; to: string; timeZone: string };
  readonly lines: SettlementLine[];
  readonly notes: string[];
}

export interface ExceptionItem {
  readonly category: string;
  readonly at: string;
  readonly stream: string | null;
  readonly reference: string;
  readonly walletType: string | null;
  readonly currency: string | null;
  readonly amount: string | null;
  readonly detail: Record<string, unknown>;
  readonly links: { audit?: string; view?: string; assign?: string };
}

export interface ExceptionsReport {
  readonly asOf: string;
  readonly counts: Record<string, number>;
  readonly items: ExceptionItem[];
  readonly lastVerify: VerifySummary | null;
}

export interface Deposit {
  readonly id: string;
  readonly status: string;
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly amount: string | null;
  readonly activation: { transactionId: string | null; amount: string | null; outcome: string | null };
  readonly credit: { amount: string; transactionId: string; creditedAt: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Withdrawal {
  readonly id: string;
  readonly status: string;
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly amount: string;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export interface LookupResult {
  readonly query: string;
  readonly deposits: Deposit[];
  readonly withdrawals: Withdrawal[];
  readonly players: string[];
}

export interface PlayerBalances {
  readonly label: string;
  readonly asOf: string;
  readonly balances: { currency: string; available: string; held: string; total: string }[];
}

export interface AuditEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly position: { commit: string; prepare: string };
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: { correlationId?: string; causationId?: string; actor?: string; [more: string]: unknown };
  readonly recordedAt: string;
}

export interface AuditTrail {
  readonly streams: string[];
  readonly events: AuditEvent[];
}

export interface StatementLineRef {
  readonly line: number;
  readonly direction: string;
  readonly walletType: string;
  readonly reference: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: string;
  readonly ledger?: { id: string; status: string; amount: string | null; currency: string };
}

export interface ReconciliationResult {
  readonly fileName: string | null;
  readonly importedAt: string;
  readonly replayed: boolean;
  readonly totals: Record<string, number>;
  /** Each list carries at most listLimit entries; the totals count every line. */
  readonly listLimit?: number;
  readonly truncated?: boolean;
  readonly matched: StatementLineRef[];
  readonly missingInLedger: StatementLineRef[];
  readonly missingAtProvider: { direction: string; walletType: string; reference: string | null; at: string | null; ledger: { id: string; status: string; amount: string | null; currency: string } }[];
  readonly amountMismatches: StatementLineRef[];
  readonly statusMismatches: StatementLineRef[];
  readonly malformed: { line: number; message?: string; [more: string]: unknown }[];
}
