import { ApiError } from '../http/api-error';
import { InvalidPeriodError, StatementFormatError } from '@kassa/read-models';

/** Finance's own refusals as 400s naming the field; anything else goes on to the global filter. */
export function toFinanceApiError(error: unknown): unknown {
  if (error instanceof InvalidPeriodError) return ApiError.validation([{ field: error.field, message: error.message }]);
  if (error instanceof StatementFormatError) return ApiError.validation([{ field: 'file', message: error.message }]);
  return error;
}

export async function mappingFinanceErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toFinanceApiError(error);
  }
}
