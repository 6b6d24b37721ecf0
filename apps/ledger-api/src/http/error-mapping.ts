import { ActivationOutcomeUnknownError, DomainError, type DomainErrorCode } from '@kassa/ledger';
import { ProviderRejected, ProviderUnavailable } from '@kassa/paykassma';
import { InvalidPageRequestError } from '@kassa/read-models';
import { ApiError } from './api-error';

/** Every domain error code's answer: a code added to DomainErrorCode does not compile until it is mapped here. */
const DOMAIN_STATUS: Readonly<Record<DomainErrorCode, { status: number; title: string }>> = {
  NOT_FOUND: { status: 404, title: 'Not found' },
  INVALID_STATE: { status: 409, title: 'Not allowed in the current state' },
  INSUFFICIENT_FUNDS: { status: 422, title: 'Insufficient funds' },
  CURRENCY_MISMATCH: { status: 422, title: 'Currency mismatch' },
  INVALID_AMOUNT: { status: 400, title: 'Invalid amount' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Conflicts with an earlier request' },
  TOO_MANY_ATTEMPTS: { status: 409, title: 'Too many attempts' },
  ALREADY_ASSIGNED: { status: 409, title: 'Already assigned' },
};

/** Errors from the domain, the provider and the queries, as the API answers them; null for the rest. */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) {
    const mapped = DOMAIN_STATUS[error.code];
    return new ApiError(mapped.status, error.code, mapped.title, error.message);
  }
  if (error instanceof InvalidPageRequestError) return ApiError.validation([{ field: error.field, message: error.message }]);
  if (error instanceof ActivationOutcomeUnknownError) {
    return new ApiError(503, 'PROVIDER_UNAVAILABLE', 'Provider unavailable',
      `the provider did not answer; the activation of deposit ${error.depositId} is recorded with an unknown outcome and may be submitted again`);
  }
  if (error instanceof ProviderUnavailable) return new ApiError(503, 'PROVIDER_UNAVAILABLE', 'Provider unavailable', 'Paykassma did not answer in time; retry later');
  if (error instanceof ProviderRejected) return new ApiError(502, 'PROVIDER_REJECTED', 'Provider refused', error.providerMessage);
  return null;
}
