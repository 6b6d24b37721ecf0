import type { WithdrawalSigner } from '../signature/withdrawal-signer';

export interface PaykassmaSandboxOptions {
  /** Postback keys the sandbox signs with (what the merchant configures as PAYKASSMA_POSTBACK_*). */
  readonly accessKey: string;
  readonly privateKey: string;
  /** The ?secret= the deposit endpoints require (PAYKASSMA_PLUGINAPI_SECRET). */
  readonly pluginApiSecret: string;
  /** The key withdrawal requests must be signed with (PAYKASSMA_WITHDRAWAL_KEY). */
  readonly withdrawalKey: string;
  /** Where postbacks go; a function when the receiving port is known only after listen(). */
  readonly postbackUrl: string | (() => string);
  /** Zone of created_datetime / activated_datetime; default Asia/Manila. */
  readonly timeZone?: string;
  /** First retry delay of an unacknowledged postback; doubles each time. Default 1000. */
  readonly postbackRetryBaseMs?: number;
  /** Attempts per postback, first one included. Default 8. */
  readonly postbackMaxAttempts?: number;
  /** Per postback attempt. Default 10000. */
  readonly postbackTimeoutMs?: number;
  /** Clock, for deterministic timestamps in tests. */
  readonly now?: () => Date;
  /** Recipe used to check withdrawal signatures; default: the same default recipe the client uses. */
  readonly withdrawalSigner?: WithdrawalSigner;
}
