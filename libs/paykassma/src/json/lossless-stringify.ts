import { JsonNumber } from './lossless-json';

/**
 * JSON.stringify that writes a JsonNumber's text verbatim, so a request amount goes from bigint to
 * the wire ("1200.5", "4000") without ever being a JS float. Undefined properties are omitted.
 */
export function stringifyLossless(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : stringifyLossless(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}:${stringifyLossless(item)}`);
    return `{${members.join(',')}}`;
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cannot serialize a ${typeof value}`);
  return json;
}
