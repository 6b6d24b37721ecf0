import type { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import helmet from 'helmet';

/**
 * Everything the service serves itself, the console included, comes from this origin as files:
 * no inline script or style (the console's Vite bundle has none), no frames, no plugins.
 * upgrade-insecure-requests is left out on purpose: it would make a browser fetch the console's
 * files over https from a plain-http local or sandbox run, where nothing answers https.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** Swagger UI's page (/docs) carries inline <style> blocks: allowed there, and only there. */
const API_DOCS_DIRECTIVES = { ...DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] };

/** helmet's headers on every answer (the sandbox's and the errors' too), and no X-Powered-By. */
export function applySecurityHeaders(app: INestApplication): void {
  (app.getHttpAdapter().getInstance() as Express).disable('x-powered-by');
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: API_DOCS_DIRECTIVES }, frameguard: { action: 'deny' } });
  const everywhere = helmet({ contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES }, frameguard: { action: 'deny' } });
  app.use((request: { path: string }, response: unknown, next: () => void) => {
    const isDocs = request.path === '/docs' || request.path.startsWith('/docs/');
    return (isDocs ? docs : everywhere)(request as never, response as never, next);
  });
}
