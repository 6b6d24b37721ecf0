import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ApiError } from '../http/api-error';
import { CONFIG } from '@kassa/infrastructure';
import { type Config, IdempotencyStore, type IdempotencyScope } from '@kassa/platform';

const KEY_RULE = /^[\x21-\x7e]{1,255}$/;

/** What identifies "the same request": method, path, JSON body and any uploaded file's bytes. */
function requestHash(request: AuthenticatedRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.path}\n`).update(JSON.stringify(request.body ?? null));
  const file = (request as { file?: { buffer?: Buffer } }).file;
  if (file?.buffer) hash.update('\nfile:').update(file.buffer);
  return hash.digest('hex');
}

/**
 * Idempotency-Key on creating POSTs: the first successful response is stored and replayed for the
 * same key and body; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED; a key whose
 * first request is still running is 409. Must run after the auth guard and after multer.
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
        response.status(reservation.statusCode).setHeader('Idempotent-Replayed', 'true');
        return reservation.body;
      case 'reserved':
        break;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store.complete(scope, response.statusCode, body ?? null);
      return body;
    } catch (error) {
      await this.store.release(scope);
      throw error;
    }
  }
}
