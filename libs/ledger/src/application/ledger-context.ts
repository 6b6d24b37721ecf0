import type { EventMetadata, RecordedEvent } from '@kassa/event-store';
import type { PaymentProvider } from './payment-provider';

/** Dependency-injection tokens of the application layer (provided by the API and the CLI). */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** The `MerchantDirectory`: each merchant's ledger settings and payment provider. */
export const MERCHANTS = Symbol('MERCHANTS');

// The clock is the kernel's; the ledger's handlers inject it by the kernel's CLOCK token.
export { CLOCK, type Clock, systemClock } from '@kassa/kernel';

/** One merchant's settings as the command handlers read them (the provider's own are the adapter's). */
export interface LedgerSettings {
  /** The merchant's id: the tenant of every stream, event and row it owns. */
  readonly tenantId: string;
  /** What a signed deposit postback for an order we never opened credits. */
  readonly unmatchedCredits: 'suspense' | 'label';
}

/** A merchant as the handlers see it: its settings and its own payment provider. */
export interface MerchantLedger {
  readonly settings: LedgerSettings;
  readonly provider: PaymentProvider;
}

/** Every configured merchant; `get` of an unknown id throws (callers resolve ids at the edge first). */
export interface MerchantDirectory {
  ids(): readonly string[];
  has(merchantId: string): boolean;
  get(merchantId: string): MerchantLedger;
}

/** Who asked, for which merchant, and which request: copied into every event's metadata for the audit trail. */
export interface RequestContext {
  /** The merchant (tenant) the request acts for: an API key's merchant, or the postback URL's. */
  readonly merchantId: string;
  /** An API key id, `paykassma`, or a process manager's name. */
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
}

export function metadataFor(tenantId: string, context: Omit<RequestContext, 'merchantId'>): EventMetadata {
  return {
    tenantId,
    correlationId: context.correlationId,
    causationId: context.causationId ?? context.correlationId,
    actor: context.actor,
  };
}

/**
 * The context of a write that a recorded event causes (a process manager's reaction): the event's
 * merchant and correlation id, caused by the event, by the named actor.
 */
export function causedBy(event: RecordedEvent, actor: string): RequestContext {
  return { merchantId: event.metadata.tenantId, actor, correlationId: event.metadata.correlationId ?? event.id, causationId: event.id };
}
