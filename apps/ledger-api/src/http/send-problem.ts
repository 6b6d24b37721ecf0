import type { Response } from 'express';
import { ApiError } from './api-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** Answers from express middleware (before Nest's filter is in reach) exactly as the filter would. */
export function sendProblem(response: Response, error: ApiError): void {
  if (response.headersSent) return;
  const problem = toProblem(error);
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

export const unsupportedMediaType = (detail: string): ApiError => new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', detail);
export const payloadTooLarge = (detail: string): ApiError => new ApiError(413, 'PAYLOAD_TOO_LARGE', 'Payload too large', detail);
