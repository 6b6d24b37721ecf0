import { DomainError, invariant } from './domain-error';

/**
 * Event data must survive JSON: amounts travel as decimal-free strings of minor units ("120050")
 * and become bigint again in state; times are ISO-8601 UTC strings chosen by the caller.
 */

const MINOR_UNITS = /^-?(0|[1-9]\d*)$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function toMinorString(amountMinor: bigint): string {
  return amountMinor.toString();
}

/** Reads a minor-unit string back; anything else in stored data is corruption, hence an assertion. */
export function fromMinorString(text: string): bigint {
  invariant(MINOR_UNITS.test(text), `"${text}" is not a minor-unit integer string`);
  return BigInt(text);
}

export function fromNullableMinorString(text: string | null): bigint | null {
  return text === null ? null : fromMinorString(text);
}

export function toNullableMinorString(amountMinor: bigint | null): string | null {
  return amountMinor === null ? null : toMinorString(amountMinor);
}

/** `now` and other times given by callers: the domain never reads a clock, so it insists on UTC text. */
export function assertIsoUtc(time: string, what: string): void {
  invariant(ISO_UTC.test(time), `${what} must be an ISO-8601 UTC time such as 2024-05-01T10:00:00.000Z, got "${time}"`);
}

/** A refusal, not an assertion: amounts come from clients and the provider. */
export function requirePositive(amountMinor: bigint, what: string): void {
  if (amountMinor <= 0n) throw new DomainError('INVALID_AMOUNT', `${what} must be greater than zero, got ${amountMinor}`);
}
