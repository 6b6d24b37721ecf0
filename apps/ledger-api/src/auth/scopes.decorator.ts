import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Scope } from '@kassa/platform';
import { ApiProblems, problemResponse } from '../http/openapi/api-problems';

export const SCOPES_METADATA = 'kassa:scopes';
export const PUBLIC_METADATA = 'kassa:public';

/**
 * The route needs an API key holding at least one of these scopes. The OpenAPI document says so on
 * each operation: bearer auth, `x-required-scopes`, and the 401 and 403 answers.
 */
export const RequireScopes = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(SCOPES_METADATA, scopes),
    ApiBearerAuth('bearer'),
    ApiExtension('x-required-scopes', scopes),
    ApiProblems(401),
    problemResponse(403, `The API key lacks the scope this operation needs: ${scopes.join(' or ')} (FORBIDDEN)`),
  );

/** The route takes no API key (postbacks are checked by signature; health and metrics are open). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
