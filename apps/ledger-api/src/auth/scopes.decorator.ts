import { SetMetadata } from '@nestjs/common';
import type { Scope } from '@kassa/platform';

export const SCOPES_METADATA = 'kassa:scopes';
export const PUBLIC_METADATA = 'kassa:public';

/** The route needs an API key holding at least one of these scopes. */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(SCOPES_METADATA, scopes);

/** The route takes no API key (postbacks are checked by signature; health and metrics are open). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
