/** `?limit=&cursor=` of the REST lists, and what they answer: `{ data, nextCursor }`. */
export interface PageRequest {
  /** 1 to MAX_PAGE_LIMIT; DEFAULT_PAGE_LIMIT when absent. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page; absent or null for the first page. */
  readonly cursor?: string | null;
}

export interface Page<T> {
  readonly data: T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** A limit or cursor the client got wrong: the API answers 400 naming `field`. */
export class InvalidPageRequestError extends Error {
  constructor(
    readonly field: 'limit' | 'cursor',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidPageRequestError';
  }
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidPageRequestError('limit', `must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  return limit;
}

/**
 * Rows were fetched with LIMIT limit + 1: the extra row only says that another page exists, so the
 * last page answers nextCursor null instead of an empty page after it.
 */
export function toPage<Row, View>(rows: readonly Row[], limit: number, view: (row: Row) => View, cursorOf: (row: Row) => string): Page<View> {
  const data = rows.slice(0, limit);
  return { data: data.map(view), nextCursor: rows.length > limit ? cursorOf(data[data.length - 1]) : null };
}
