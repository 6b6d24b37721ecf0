import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from './api-error';
import { inspectInput, unsafeTextRule } from './input-rules';
import { sendProblem } from './send-problem';

/**
 * The path and the query, checked before routing: every path segment must decode as UTF-8, and no
 * segment or query value may carry NUL or an unpaired surrogate (an id or label with one would
 * reach PostgreSQL, or the provider, and fail there as a 500).
 */
export function checkRequestTarget(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    for (const segment of request.path.split('/')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return sendProblem(response, ApiError.validation([{ field: 'path', message: 'is not valid percent-encoded UTF-8' }]));
      }
      const rule = unsafeTextRule(decoded);
      if (rule) return sendProblem(response, ApiError.validation([{ field: 'path', message: rule }]));
    }
    let query: unknown;
    try {
      query = request.query;
    } catch {
      return sendProblem(response, ApiError.validation([{ field: 'query', message: 'could not be read' }]));
    }
    const problem = inspectInput(query, '');
    if (problem) return sendProblem(response, ApiError.validation([problem]));
    next();
  };
}
