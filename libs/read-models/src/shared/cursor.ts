import { isCalendarDateTime } from './calendar';
import { InvalidPageRequestError } from './page';
import { hasUnsafeText } from './safe-text';

/** A keyset position: the sort key of the last row of a page. */
export type CursorKey = readonly (string | number)[];
export type CursorShape = readonly ('timestamp' | 'string' | 'integer')[];

const MAX_CURSOR_LENGTH = 2_048;
/** The microsecond text the queries select (column-types.ts ISO_UTC_MICROS_FORMAT): exact, unlike a JS Date. */
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/** The shape, and a real time: a forged cursor with month 13 must not reach PostgreSQL. */
function isTimestampText(part: unknown): boolean {
  if (typeof part !== 'string') return false;
  const match = TIMESTAMP_TEXT.exec(part);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  return isCalendarDateTime(year, month, day, hour, minute, second);
}

/** Opaque to clients: base64url of the JSON key. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, checked against the shape its list expects; anything else is a 400. */
export function decodeCursor(cursor: string, shape: CursorShape): CursorKey {
  const invalid = (): InvalidPageRequestError => new InvalidPageRequestError('cursor', 'is not a cursor this list gave out');
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(key) || key.length !== shape.length) throw invalid();
  const fits = shape.every((kind, index) => {
    const part: unknown = key[index];
    switch (kind) {
      case 'timestamp':
        return isTimestampText(part);
      case 'string':
        return typeof part === 'string' && !hasUnsafeText(part);
      case 'integer':
        return Number.isSafeInteger(part);
    }
  });
  if (!fits) throw invalid();
  return key as CursorKey;
}
