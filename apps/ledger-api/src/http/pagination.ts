import { ApiError, type FieldError } from './api-error';

const LIMIT_RULE = 'must be a whole number from 1 to 200';

/** What is wrong with `?limit=`, or null: absent, or a whole number (the queries check the range). */
export function limitError(text: string | undefined): FieldError | null {
  if (text === undefined || text === '' || /^\d{1,4}$/.test(text)) return null;
  return { field: 'limit', message: LIMIT_RULE };
}

/** `?limit=` as the lists take it. */
export function parseLimit(text: string | undefined): number | undefined {
  const error = limitError(text);
  if (error) throw ApiError.validation([error]);
  return text === undefined || text === '' ? undefined : Number(text);
}

/** Every query rule a list breaks, in one 400, rather than stopping at the first. */
export function refuseAll(errors: readonly (FieldError | null)[]): void {
  const found = errors.filter((error): error is FieldError => error !== null);
  if (found.length > 0) throw ApiError.validation(found);
}
