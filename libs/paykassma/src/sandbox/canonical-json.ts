import { stringifyLossless } from '../json/lossless-stringify';
import { JsonNumber } from '../json/lossless-json';

/** JSON with object keys sorted at every level: equal for bodies that differ only in key order. */
export function canonicalJson(value: unknown): string {
  return stringifyLossless(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof JsonNumber || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
