import type { OpenAPIObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Opens each operation's description with the scopes it needs, as RequireScopes recorded them in
 * `x-required-scopes`: generators and Swagger UI show descriptions, few show extensions.
 */
export function describeScopes(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const scopes = (operation as { 'x-required-scopes'?: string[] } | undefined)?.['x-required-scopes'];
      if (!operation || !scopes?.length) continue;
      const needs = `Needs an API key with the scope ${scopes.map((scope) => `\`${scope}\``).join(' or ')}.`;
      operation.description = operation.description ? `${needs}\n\n${operation.description}` : needs;
    }
  }
  return document;
}
