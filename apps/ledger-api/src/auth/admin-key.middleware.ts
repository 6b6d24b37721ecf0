import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../http/api-error';
import { sendProblem } from '../http/send-problem';
import type { ApiKeyRegistry } from './api-key-registry';
import { authenticate } from './authenticate';

/**
 * Express routes outside Nest's guard (the sandbox's control endpoints, which approve deposits and
 * finish withdrawals) take an `admin` key, answered 401/403 as problem+json like any other route.
 */
export function requireAdminKey(registry: ApiKeyRegistry) {
  return (request: Request, response: Response, next: NextFunction): void => {
    try {
      authenticate(registry, request.headers.authorization, ['admin']);
      next();
    } catch (error) {
      if (error instanceof ApiError) sendProblem(response, error);
      else next(error);
    }
  };
}
