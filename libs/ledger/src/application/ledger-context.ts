import type { EventMetadata } from '@kassa/event-store';

/** Dependency-injection tokens of the application layer (provided by the API and the CLI). */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PAYKASSMA_CLIENT = Symbol('PAYKASSMA_CLIENT');
export const LEDGER_SETTINGS = Symbol('LEDGER_SETTINGS');

// The clock is the kernel's; the ledger's handlers inject it by the kernel's CLOCK token.
export { CLOCK, type Clock, systemClock } from '@kassa/kernel';

export interface LedgerSettings {
  readonly tenantId: string;
  /** The payment-window host (PAYKASSMA_PLUGIN_URL or derived from the API URL). */
  readonly pluginUrl: string;
  readonly paymentUrlIds: { readonly success: string | null; readonly fail: string | null; readonly pending: string | null };
  readonly withdrawalKey: string;
  readonly isTest: boolean;
}

/** Who asked and which request: copied into every event's metadata for the audit trail. */
export interface RequestContext {
  /** An API key id, `paykassma`, or a process manager's name. */
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
}

export function metadataFor(tenantId: string, context: RequestContext): EventMetadata {
  return {
    tenantId,
    correlationId: context.correlationId,
    causationId: context.causationId ?? context.correlationId,
    actor: context.actor,
  };
}
