import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Scope } from '@kassa/platform';
import { ApiKeyRegistry, type ApiKeyIdentity } from './api-key-registry';
import { authenticate } from './authenticate';
import { PUBLIC_METADATA, SCOPES_METADATA } from './scopes.decorator';

export type AuthenticatedRequest = Request & { apiKey: ApiKeyIdentity };

/**
 * Every route needs a key unless marked @Public(): forgetting a decorator fails closed.
 * Missing or unknown key → 401; a key without the route's scope → 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const required = this.reflector.getAllAndOverride<Scope[]>(SCOPES_METADATA, targets) ?? [];
    const identity = authenticate(this.registry, request.headers.authorization, required);
    request.apiKey = identity;
    return true;
  }
}
