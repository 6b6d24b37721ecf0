import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ThrottlerLimitDetail, ThrottlerGuard, type ThrottlerModuleOptions, ThrottlerStorage, InjectThrottlerOptions, InjectThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { ApiError } from '../http/api-error';

/** Probes and scrapes: an orchestrator or Prometheus polling them must never be refused. */
const NEVER_LIMITED = new Set(['/health', '/ready', '/metrics']);

export const API_THROTTLER = 'api';
export const POSTBACK_THROTTLER = 'postback';

export function isPostbackPath(path: string): boolean {
  return path === '/paykassma/postback' || path.startsWith('/paykassma/postback/');
}

export function isNeverLimited(path: string): boolean {
  return NEVER_LIMITED.has(path);
}

/**
 * Two windows of a minute (RATE_LIMIT_PER_MINUTE): the API counted per API key across all its
 * routes, the postback path per client address. A request without a valid key is counted under its
 * address, so guessing keys is limited too. Beyond the limit: 429 problem+json with Retry-After.
 * Counters live in this process: with several processes each allows the limit.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {
    super(options, storage, reflector);
  }

  /** Probes and scrapes skip both windows at once, before any per-window lookup (they are polled often). */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return isNeverLimited(context.switchToHttp().getRequest<Request>().path);
  }

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const req = request as Request;
    if (isPostbackPath(req.path)) return `address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const identity = bearer ? this.registry.identify(bearer[1]) : undefined;
    return identity ? `key:${identity.id}` : `address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
  }

  /** One bucket per tracker and window, shared by every route (the default counts each route apart). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw new ApiError(429, 'RATE_LIMITED', 'Too many requests', `more than ${detail.limit} requests a minute; retry after ${retryAfterSeconds} s`);
  }
}
