import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../problem';
import { ProblemDto } from './problem.dto';

/** What each error status means in this API (docs/api.md, "Errors"); the answer's `code` says more. */
const MEANING: Readonly<Record<number, string>> = {
  400: 'The request is not valid: VALIDATION_FAILED lists every broken field in `errors`',
  401: 'No API key, or an unknown one (UNAUTHORIZED)',
  403: 'The API key lacks the scope this operation needs (FORBIDDEN)',
  404: 'No such object, or not this merchant’s (NOT_FOUND)',
  409: 'INVALID_STATE, or IDEMPOTENCY_REQUEST_IN_PROGRESS while the same key’s first request runs',
  413: 'The body is over this operation’s limit (PAYLOAD_TOO_LARGE)',
  415: 'A body in another media type, or compressed (UNSUPPORTED_MEDIA_TYPE)',
  422: 'Refused by the ledger: INSUFFICIENT_FUNDS, IDEMPOTENCY_KEY_REUSED, …',
  429: 'Rate limited: wait for Retry-After (TOO_MANY_REQUESTS)',
  502: 'Paykassma refused the request (PROVIDER_REJECTED)',
  503: 'Paykassma did not answer usably (PROVIDER_UNAVAILABLE): send the same request with the same Idempotency-Key again',
};

/** An error response as problem+json with the one shared schema. */
export function problemResponse(status: number, description = MEANING[status] ?? 'An error'): ReturnType<typeof ApiResponse> {
  return ApiResponse({ status, description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } } });
}

/** The error answers an operation (or every operation of a controller) documents. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtraModels(ProblemDto), ...statuses.map((status) => problemResponse(status)));
}
