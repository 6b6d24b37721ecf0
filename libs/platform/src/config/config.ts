import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { checkKeyMerchants, parseApiKeys, type ApiKeyConfig } from './api-keys';
import { ConfigError } from './config-error';
import { DEFAULT_MERCHANT_ID, loadMerchantsFile, MERCHANT_ID, type MerchantConfig } from './merchants';
import { parseRateLimits, type RateLimits } from './rate-limits';
import { sandboxRuns } from './sandbox-mode';
import { refusePlaceholderProviderKeys, refuseWeakApiKeySecrets } from './weak-secrets';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, parseAllowPrivateUrls, parseRetrySchedule, type WebhookConfig } from './webhook-settings';

export { ConfigError };

/** Everything the service reads from the environment, validated once at start-up (docs/production.md §2). */
export interface Config {
  readonly port: number;
  /** Every merchant this deployment serves (LEDGER_MERCHANTS_FILE, or one from PAYKASSMA_*). */
  readonly merchants: readonly MerchantConfig[];
  /** The merchant of API keys without a `<merchant>/` prefix and of `POST /paykassma/postback`. */
  readonly defaultMerchantId: string;
  /** Unset: the embedded PostgreSQL in dataDir. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly eventStore: 'postgres' | 'eventstoredb';
  readonly eventStoreConnectionString: string | null;
  readonly logLevel: string;
  readonly paykassma: PaykassmaConfig;
  readonly apiKeys: readonly ApiKeyConfig[];
  /** True when LEDGER_API_KEYS was unset and a development key was made up: print it at start. */
  readonly apiKeysGenerated: boolean;
  readonly thresholds: ExceptionThresholds;
  /** IDEMPOTENCY_LEASE_MS: after this long an in-progress Idempotency-Key is taken for dead and free again. */
  readonly idempotencyLeaseMs: number;
  /** The built-in sandbox runs (PAYKASSMA_SANDBOX=true or no PAYKASSMA_API_URL); never with NODE_ENV=production. */
  readonly sandbox: boolean;
  /** RATE_LIMIT_PER_MINUTE. */
  readonly rateLimits: RateLimits;
  /** WEBHOOK_RETRY_SCHEDULE, WEBHOOK_ALLOW_PRIVATE_URLS, WEBHOOK_TIMEOUT_MS. */
  readonly webhooks: WebhookConfig;
}

export interface PaykassmaConfig {
  /** Unset: the built-in sandbox, mounted on this service. */
  readonly apiUrl: string | null;
  readonly pluginUrl: string | null;
  readonly pluginApiSecret: string;
  readonly postbackAccessKey: string;
  readonly postbackPrivateKey: string;
  readonly withdrawalKey: string;
  readonly timeZone: string;
  readonly timeoutMs: number;
  readonly retryBaseMs: number;
  readonly maxAttempts: number;
  /** PAYKASSMA_PAUSE_AFTER_REFUSALS: identical withdrawal refusals in a row that pause the submission queue. */
  readonly pauseAfterRefusals: number;
  readonly isTest: boolean;
  readonly paymentUrlSuccessId: string | null;
  readonly paymentUrlFailId: string | null;
  readonly paymentUrlPendingId: string | null;
}

export interface ExceptionThresholds {
  readonly awaitingConfirmationMinutes: number;
  readonly withdrawalSubmittedMinutes: number;
}

/** The sandbox's own keys: public on purpose, valid only against the built-in sandbox. */
export const SANDBOX_KEYS = Object.freeze({
  pluginApiSecret: 'sandbox-pluginapi-secret',
  postbackAccessKey: 'sandbox-postback-access-key',
  postbackPrivateKey: 'sandbox-postback-private-key',
  withdrawalKey: 'sandbox-withdrawal-key',
});

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, text);
  }
  return Number(text);
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(', ')})`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  return text.replace(/\/+$/, '');
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const text = read(env, name) ?? fallback;
  if (!allowed.includes(text as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}`, text);
  return text as T;
}

function timeZone(env: Env, name: string, fallback: string): string {
  const zone = read(env, name) ?? fallback;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ConfigError(name, 'must be an IANA time zone such as Asia/Manila', zone);
  }
  return zone;
}

function providerKey(env: Env, name: string, sandboxValue: string, sandbox: boolean): string {
  const value = read(env, name);
  if (value !== undefined) {
    if (!sandbox) refusePlaceholderProviderKeys({ [name]: value });
    return value;
  }
  if (sandbox) return sandboxValue;
  throw new ConfigError(name, 'is required when PAYKASSMA_API_URL points at a real provider');
}

/**
 * With a merchants file the sandbox runs when a merchant has no apiUrl, and is refused with
 * NODE_ENV=production like any other sandbox; real accounts may not keep placeholder keys.
 */
function sandboxForMerchants(env: Env, merchants: readonly MerchantConfig[]): boolean {
  const onSandbox = merchants.filter((merchant) => merchant.paykassma.apiUrl === null);
  if (onSandbox.length > 0 && env['NODE_ENV']?.trim() === 'production') {
    throw new ConfigError('LEDGER_MERCHANTS_FILE', `refused with NODE_ENV=production: the merchant "${onSandbox[0].id}" has no apiUrl, so the built-in sandbox would run`);
  }
  for (const merchant of merchants) {
    if (merchant.paykassma.apiUrl === null) continue;
    const { pluginApiSecret, postbackAccessKey, postbackPrivateKey, withdrawalKey } = merchant.paykassma;
    const at = `LEDGER_MERCHANTS_FILE merchant "${merchant.id}"`;
    refusePlaceholderProviderKeys({ [`${at} pluginApiSecret`]: pluginApiSecret, [`${at} postbackAccessKey`]: postbackAccessKey, [`${at} postbackPrivateKey`]: postbackPrivateKey, [`${at} withdrawalKey`]: withdrawalKey });
  }
  return onSandbox.length > 0;
}

export function loadConfig(env: Env = process.env): Config {
  const merchantsFile = read(env, 'LEDGER_MERCHANTS_FILE');
  // With a merchants file the PAYKASSMA_* account is not used: the file says which merchants the sandbox serves.
  const envSandbox = merchantsFile === undefined ? sandboxRuns(env, url(env, 'PAYKASSMA_API_URL', ['https:', 'http:']) ?? null) : true;
  // With the sandbox the client talks to the built-in provider, whatever PAYKASSMA_API_URL says.
  const apiUrl = envSandbox ? null : (url(env, 'PAYKASSMA_API_URL', ['https:', 'http:']) ?? null);
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'eventstoredb'] as const, 'postgres');
  const eventStoreConnectionString = url(env, 'EVENTSTORE_CONNECTION_STRING', ['esdb:', 'esdb+discover:']) ?? null;
  if (eventStore === 'eventstoredb' && eventStoreConnectionString === null) {
    throw new ConfigError('EVENTSTORE_CONNECTION_STRING', 'is required when EVENT_STORE=eventstoredb');
  }
  const isTestText = read(env, 'PAYKASSMA_IS_TEST');
  if (isTestText !== undefined && isTestText !== 'true' && isTestText !== 'false') {
    throw new ConfigError('PAYKASSMA_IS_TEST', 'must be true or false', isTestText);
  }
  const paykassma: PaykassmaConfig = Object.freeze({
    apiUrl,
    pluginUrl: url(env, 'PAYKASSMA_PLUGIN_URL', ['https:', 'http:']) ?? null,
    pluginApiSecret: providerKey(env, 'PAYKASSMA_PLUGINAPI_SECRET', SANDBOX_KEYS.pluginApiSecret, envSandbox),
    postbackAccessKey: providerKey(env, 'PAYKASSMA_POSTBACK_ACCESS_KEY', SANDBOX_KEYS.postbackAccessKey, envSandbox),
    postbackPrivateKey: providerKey(env, 'PAYKASSMA_POSTBACK_PRIVATE_KEY', SANDBOX_KEYS.postbackPrivateKey, envSandbox),
    withdrawalKey: providerKey(env, 'PAYKASSMA_WITHDRAWAL_KEY', SANDBOX_KEYS.withdrawalKey, envSandbox),
    timeZone: timeZone(env, 'PAYKASSMA_TIMEZONE', 'Asia/Manila'),
    timeoutMs: integer(env, 'PAYKASSMA_TIMEOUT_MS', 10_000, 1, 600_000),
    retryBaseMs: integer(env, 'PAYKASSMA_RETRY_BASE_MS', 1_000, 1, 3_600_000),
    maxAttempts: integer(env, 'PAYKASSMA_MAX_ATTEMPTS', 8, 1, 100),
    pauseAfterRefusals: integer(env, 'PAYKASSMA_PAUSE_AFTER_REFUSALS', 5, 1, 1_000),
    isTest: isTestText === undefined ? envSandbox : isTestText === 'true',
    paymentUrlSuccessId: read(env, 'PAYKASSMA_PAYMENT_URL_SUCCESS_ID') ?? null,
    paymentUrlFailId: read(env, 'PAYKASSMA_PAYMENT_URL_FAIL_ID') ?? null,
    paymentUrlPendingId: read(env, 'PAYKASSMA_PAYMENT_URL_PENDING_ID') ?? null,
  });
  // Without the file, the PAYKASSMA_* account is one merchant; TENANT_ID (older deployments) may rename it.
  const envMerchantId = read(env, 'TENANT_ID') ?? DEFAULT_MERCHANT_ID;
  if (merchantsFile === undefined && !MERCHANT_ID.test(envMerchantId)) throw new ConfigError('TENANT_ID', 'must be 1-32 characters of a-z, 0-9 and -', envMerchantId);
  const merchants: readonly MerchantConfig[] = merchantsFile === undefined
    ? [Object.freeze({ id: envMerchantId, paykassma: Object.freeze({ ...paykassma }), unmatchedCredits: 'suspense' as const })]
    : loadMerchantsFile(env, merchantsFile, SANDBOX_KEYS);
  const defaultMerchantId = merchantsFile === undefined ? envMerchantId : DEFAULT_MERCHANT_ID;
  const sandbox = merchantsFile === undefined ? envSandbox : sandboxForMerchants(env, merchants);

  const keysText = read(env, 'LEDGER_API_KEYS');
  const devKeyMerchant = merchants.some((m) => m.id === defaultMerchantId) ? defaultMerchantId : merchants[0].id;
  const apiKeys = keysText === undefined
    ? [{ id: 'dev', merchant: devKeyMerchant, scopes: ['payments', 'finance', 'admin'] as const, secret: `sk_dev_${randomBytes(16).toString('hex')}` }]
    : parseApiKeys(keysText, defaultMerchantId);
  checkKeyMerchants(apiKeys, merchants.map((m) => m.id));
  if (!sandbox) refuseWeakApiKeySecrets(apiKeys);

  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    merchants: Object.freeze(merchants),
    defaultMerchantId,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']) ?? null,
    dataDir: resolve(read(env, 'DATA_DIR') ?? './.data'),
    eventStore,
    eventStoreConnectionString,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    paykassma,
    apiKeys,
    apiKeysGenerated: keysText === undefined,
    thresholds: Object.freeze({
      awaitingConfirmationMinutes: integer(env, 'AWAITING_CONFIRMATION_THRESHOLD_MINUTES', 60, 1, 100_000),
      withdrawalSubmittedMinutes: integer(env, 'WITHDRAWAL_RESULT_THRESHOLD_MINUTES', 240, 1, 100_000),
    }),
    // At least a second (a shorter lease would free keys of requests that are merely slow); at most a day.
    idempotencyLeaseMs: integer(env, 'IDEMPOTENCY_LEASE_MS', 60_000, 1_000, 86_400_000),
    sandbox,
    rateLimits: parseRateLimits(read(env, 'RATE_LIMIT_PER_MINUTE')),
    webhooks: Object.freeze({
      retryScheduleMs: parseRetrySchedule(read(env, 'WEBHOOK_RETRY_SCHEDULE')),
      allowPrivateUrls: parseAllowPrivateUrls(read(env, 'WEBHOOK_ALLOW_PRIVATE_URLS'), sandbox),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOK_TIMEOUT_MS, 100, 120_000),
    }),
  });
}
