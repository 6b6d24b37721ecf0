import { ApiError } from './api-error';

/** `?limit=` as the lists take it: absent, or a whole number (the queries check the range). */
export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,4}$/.test(text)) throw ApiError.validation([{ field: 'limit', message: 'must be a whole number from 1 to 200' }]);
  return Number(text);
}
