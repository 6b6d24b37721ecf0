import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { ApiError, type FieldError } from './api-error';
import { toApiError } from './error-mapping';

/** RFC 9457 problem details as every error answer carries them. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly FieldError[];
}

/** Codes for errors that do not come from our own ApiError (routing, body parsing, size limits). */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `https://kassa-ledger.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Any thrown value as the problem the API answers; unknown errors are a 500 that says nothing inside. */
export function toProblem(thrown: unknown): Problem {
  const exception = toApiError(thrown) ?? thrown;
  if (exception instanceof ApiError) {
    return {
      type: problemType(exception.code),
      title: exception.title,
      status: exception.getStatus(),
      detail: exception.detail,
      code: exception.code,
      ...(exception.errors ? { errors: exception.errors } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    // The status in words ("Not Found"), never the framework's class name.
    return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, code };
  }
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred', code: 'INTERNAL' };
}
