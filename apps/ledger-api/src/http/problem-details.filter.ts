import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from './api-error';
import { toApiError } from './error-mapping';

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
  503: 'SERVICE_UNAVAILABLE',
};

/** One filter maps every error to RFC 9457 problem+json with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception, path: request.path }, 'request failed');
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(thrown: unknown) {
    const exception = toApiError(thrown) ?? thrown;
    if (exception instanceof ApiError) {
      return {
        type: `https://kassa-ledger.dev/problems/${exception.code.toLowerCase().replace(/_/g, '-')}`,
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
      return { type: 'about:blank', title: exception.name, status, detail, code };
    }
    return { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'an unexpected error occurred', code: 'INTERNAL' };
  }
}
