import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/** What happens to a signed deposit postback for an order we never opened. */
export type UnmatchedCredits = 'suspense' | 'label';

/** One merchant's Paykassma account. */
export interface MerchantProviderConfig {
  /** Null: the built-in sandbox serves this merchant, with its own keys. */
  readonly apiUrl: string | null;
  readonly pluginUrl: string | null;
  readonly pluginApiSecret: string;
  readonly postbackAccessKey: string;
  readonly postbackPrivateKey: string;
  readonly withdrawalKey: string;
  /** The zone of the provider's timestamps for this account. */
  readonly timeZone: string;
  readonly isTest: boolean;
}

/** A brand or platform with its own provider account, players, keys and reports. */
export interface MerchantConfig {
  readonly id: string;
  readonly paykassma: MerchantProviderConfig;
  readonly unmatchedCredits: UnmatchedCredits;
}

/** 1–32 of a-z 0-9 -: safe in stream ids, URLs and metric labels. */
export const MERCHANT_ID = /^[a-z0-9-]{1,32}$/;

/** The merchant of unprefixed API keys and of `POST /paykassma/postback`. */
export const DEFAULT_MERCHANT_ID = 'default';

type Env = Readonly<Record<string, string | undefined>>;

const VARIABLE = 'LEDGER_MERCHANTS_FILE';

/** The sandbox's keys for one merchant: public on purpose and different per merchant, so a mix-up shows. */
export function sandboxKeysFor(merchantId: string, defaults: { pluginApiSecret: string; postbackAccessKey: string; postbackPrivateKey: string; withdrawalKey: string }, defaultMerchantId: string) {
  if (merchantId === defaultMerchantId) return defaults;
  return {
    pluginApiSecret: `${defaults.pluginApiSecret}-${merchantId}`,
    postbackAccessKey: `${defaults.postbackAccessKey}-${merchantId}`,
    postbackPrivateKey: `${defaults.postbackPrivateKey}-${merchantId}`,
    withdrawalKey: `${defaults.withdrawalKey}-${merchantId}`,
  };
}

function fail(rule: string): never {
  throw new ConfigError(VARIABLE, rule);
}

/** A string value, or `env:NAME` read from the environment (a secret kept out of the file). */
function text(env: Env, where: string, value: unknown, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) fail(`${where} is required`);
    return null;
  }
  if (typeof value !== 'string') fail(`${where} must be a string`);
  const reference = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (!reference) return value;
  const fromEnv = env[reference[1]];
  if (fromEnv === undefined || fromEnv.trim() === '') fail(`${where} names the variable ${reference[1]}, which is not set`);
  return fromEnv.trim();
}

function providerUrl(env: Env, where: string, value: unknown): string | null {
  const raw = text(env, where, value, false);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(`${where} must be an http(s) URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail(`${where} must use https: or http:`);
  return raw.replace(/\/+$/, '');
}

function zone(env: Env, where: string, value: unknown): string {
  const name = text(env, where, value, false) ?? 'Asia/Manila';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    fail(`${where} must be an IANA time zone such as Asia/Manila (got ${JSON.stringify(name)})`);
  }
  return name;
}

export interface SandboxKeys {
  readonly pluginApiSecret: string;
  readonly postbackAccessKey: string;
  readonly postbackPrivateKey: string;
  readonly withdrawalKey: string;
}

function merchantFrom(env: Env, entry: unknown, index: number, sandboxKeys: SandboxKeys): MerchantConfig {
  const at = `merchants[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${at} must be an object`);
  const { id, paykassma, unmatchedCredits } = entry as Record<string, unknown>;
  if (typeof id !== 'string' || !MERCHANT_ID.test(id)) fail(`${at}.id must be 1-32 characters of a-z, 0-9 and - (got ${JSON.stringify(id)})`);
  if (typeof paykassma !== 'object' || paykassma === null || Array.isArray(paykassma)) fail(`${at}.paykassma must be an object`);
  const p = paykassma as Record<string, unknown>;
  const apiUrl = providerUrl(env, `${at}.paykassma.apiUrl`, p.apiUrl);
  const sandbox = apiUrl === null;
  // Against the sandbox the keys may be left out: each merchant then gets its own public sandbox keys.
  const keys = sandboxKeysFor(id, sandboxKeys, DEFAULT_MERCHANT_ID);
  const key = (name: keyof SandboxKeys) => text(env, `${at}.paykassma.${name}`, p[name], !sandbox) ?? keys[name];
  if (p.isTest !== undefined && typeof p.isTest !== 'boolean') fail(`${at}.paykassma.isTest must be true or false`);
  if (unmatchedCredits !== undefined && unmatchedCredits !== 'suspense' && unmatchedCredits !== 'label') {
    fail(`${at}.unmatchedCredits must be "suspense" or "label"`);
  }
  return Object.freeze({
    id,
    paykassma: Object.freeze({
      apiUrl,
      pluginUrl: providerUrl(env, `${at}.paykassma.pluginUrl`, p.pluginUrl),
      pluginApiSecret: key('pluginApiSecret'),
      postbackAccessKey: key('postbackAccessKey'),
      postbackPrivateKey: key('postbackPrivateKey'),
      withdrawalKey: key('withdrawalKey'),
      timeZone: zone(env, `${at}.paykassma.timeZone`, p.timeZone),
      isTest: typeof p.isTest === 'boolean' ? p.isTest : sandbox,
    }),
    unmatchedCredits: (unmatchedCredits as UnmatchedCredits | undefined) ?? 'suspense',
  });
}

/** The merchants of LEDGER_MERCHANTS_FILE; any problem is one line naming the entry and the rule. */
export function loadMerchantsFile(env: Env, path: string, sandboxKeys: SandboxKeys): MerchantConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`must name a readable JSON file (${(error as Error).message.split('\n')[0]})`);
  }
  const list = (parsed as { merchants?: unknown } | null)?.merchants;
  if (!Array.isArray(list) || list.length === 0) fail('must hold {"merchants": [...]} with at least one merchant');
  const merchants = list.map((entry, index) => merchantFrom(env, entry, index, sandboxKeys));
  const seen = new Set<string>();
  for (const merchant of merchants) {
    if (seen.has(merchant.id)) fail(`has the merchant id "${merchant.id}" twice`);
    seen.add(merchant.id);
  }
  return merchants;
}
