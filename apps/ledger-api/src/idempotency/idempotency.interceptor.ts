import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DomainError } from '@kassa/ledger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ApiError } from '../http/api-error';
import { type Problem, toProblem } from '../http/problem';
import { CONFIG } from '@kassa/infrastructure';
import { type Config, IdempotencyStore, type IdempotencyScope } from '@kassa/platform';

const KEY_RULE = /^[\x21-\x7e]{1,255}$/;

/**
 * What identifies "the same request": method, path, JSON body and any uploaded file's bytes. The
 * body's depth was bounded when it was parsed (http/body-parsing.ts), so stringifying it is safe.
 */
function requestHash(request: AuthenticatedRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.path}\n`).update(JSON.stringify(request.body ?? null));
  const file = (request as { file?: { buffer?: Buffer } }).file;
  if (file?.buffer) hash.update('\nfile:').update(file.buffer);
  return hash.digest('hex');
}

/**
 * A refusal that the ledger decided on its state (422 INSUFFICIENT_FUNDS, 409 INVALID_STATE…) is
 * an answer like a 2xx: kept and replayed, so the same key never later succeeds. Validation (400),
 * provider and server failures (5xx) are not kept: the key may be sent again.
 */
function isKeptRefusal(error: unknown, problem: Problem): boolean {
  return error instanceof DomainError && problem.status > 400 && problem.status < 500;
}

/**
 * Idempotency-Key on creating POSTs (docs/api.md): a kept answer is replayed for the same key and
 * body (`Idempotent-Replayed: true`); the same key with another body is 422 IDEMPOTENCY_KEY_REUSED;
 * a key whose first request is still running is 409 until its lease runs out. Runs after the auth
 * guard (401/403 never reserve a key) and after multer (the file's bytes are part of the request).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.run(context, next));
  }

  private async run(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (key === undefined || !KEY_RULE.test(key)) {
      throw ApiError.validation([{ field: 'Idempotency-Key', message: 'header is required: 1 to 255 visible ASCII characters' }]);
    }
    const scope: IdempotencyScope = { tenantId: this.config.tenantId, apiKeyId: request.apiKey.id, key };
    const reservation = await this.store.reserve(scope, requestHash(request));
    switch (reservation.kind) {
      case 'reused':
        throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency key reused', 'this Idempotency-Key was used with a different request');
      case 'in_progress':
        throw new ApiError(409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'Request in progress', 'a request with this Idempotency-Key is still running; retry shortly');
      case 'replay':
        response.setHeader('Idempotent-Replayed', 'true');
        if (reservation.statusCode >= 400) throw replayedRefusal(reservation.body as Problem);
        response.status(reservation.statusCode);
        return reservation.body;
      case 'reserved':
        break;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const problem = toProblem(error);
      if (isKeptRefusal(error, problem)) await this.store.complete(scope, reservation.reservedAt, problem.status, problem);
      else await this.store.release(scope, reservation.reservedAt);
      throw error;
    }
    await this.store.complete(scope, reservation.reservedAt, response.statusCode, body ?? null);
    return body;
  }
}

/** The kept problem, rendered again by the problem-details filter exactly as the first time. */
function replayedRefusal(problem: Problem): ApiError {
  return new ApiError(problem.status, problem.code, problem.title, problem.detail, problem.errors);
}
