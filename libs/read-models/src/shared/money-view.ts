import { formatMinor, fromMinorString } from '@kassa/ledger';

/** "1200.50" from the minor-unit text a query selected: exact, never through a float. */
export function formatAmount(minorText: string, currency: string): string {
  return formatMinor(fromMinorString(minorText), currency);
}

export function formatNullableAmount(minorText: string | null, currency: string): string | null {
  return minorText === null ? null : formatAmount(minorText, currency);
}
