import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CONFIG } from '@kassa/infrastructure';
import type { Config, Scope } from '@kassa/platform';
import { ApiKeyRegistry, type ApiKeyIdentity } from './api-key-registry';
import { authenticate } from './authenticate';
import { resolveMerchant } from './request-merchant';
import { PUBLIC_METADATA, SCOPES_METADATA } from './scopes.decorator';

/**
 * `merchantId`: the merchant the request acts for (the key's), `*` when a key across merchants asked
 * for all, null when such a key named none (routes that need one answer 400: merchantOf()).
 */
export type AuthenticatedRequest = Request & { apiKey: ApiKeyIdentity; merchantId: string | null };

/**
 * Every route needs a key unless marked @Public(): forgetting a decorator fails closed.
 * Missing or unknown key → 401; a key without the route's scope → 403. The key's merchant becomes the
 * request's (request.merchantId): every command, query and row of the request is that merchant's.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
    @Inject(CONFIG) config: Config,
  ) {
    this.merchantIds = config.merchants.map((merchant) => merchant.id);
  }

  private readonly merchantIds: readonly string[];

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const required = this.reflector.getAllAndOverride<Scope[]>(SCOPES_METADATA, targets) ?? [];
    const identity = authenticate(this.registry, request.headers.authorization, required);
    request.merchantId = resolveMerchant(identity.merchant, request.query?.merchant, this.merchantIds);
    request.apiKey = identity;
    return true;
  }
}
