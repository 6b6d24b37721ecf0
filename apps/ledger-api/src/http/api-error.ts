import { HttpException } from '@nestjs/common';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An error the API answers on purpose: a status, a stable code merchants can switch on, and for
 * validation the failing fields. The problem-details filter renders it as application/problem+json.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: readonly FieldError[],
  ) {
    super({ code, title, detail }, status);
  }

  static validation(errors: readonly FieldError[]): ApiError {
    const detail = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    return new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', detail, errors);
  }

  static notFound(what: string, id: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', `${what} not found`, `no ${what.toLowerCase()} with id ${id}`);
  }
}
