import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { createPaykassmaSandbox, type PaykassmaSandbox } from '@kassa/paykassma';
import { OpenResources, sandboxPath } from '@kassa/infrastructure';
import { type Config, type EmbeddedDatabase, freePort, KassaMetrics } from '@kassa/platform';
import { AppModule } from './app.module';
import { requireAdminKey } from './auth/admin-key.middleware';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { readRequestBodies } from './http/request-bodies';
import { checkRequestTarget } from './http/request-target';
import { applySecurityHeaders } from './http/security-headers';
import { describeScopes } from './http/openapi/scopes-in-descriptions';
import { httpMetricsMiddleware } from './observability/http-metrics.middleware';
import { QuietFrameworkLogger } from './observability/quiet-framework-logger';
import { requestIdMiddleware } from './observability/request-id.middleware';
import { requestLogMiddleware } from './observability/request-log.middleware';

export interface RunningServer {
  readonly app: INestApplication;
  readonly port: number;
  /** The built-in sandbox of the default merchant, when it has no provider URL. */
  readonly sandbox: PaykassmaSandbox | null;
  /** The built-in sandbox of every merchant without a provider URL, by merchant id. */
  readonly sandboxes: ReadonlyMap<string, PaykassmaSandbox>;
  /**
   * Stops the subscriptions at a checkpoint, stops taking requests and lets in-flight ones finish,
   * then closes the event store, the pools and the database (Nest's shutdown hooks, in that order).
   */
  close(): Promise<void>;
}

/**
 * The built-in provider stand-in, one per merchant without a provider URL: each with that merchant's
 * keys, posting back to that merchant's own postback URL (docs/production.md, several merchants).
 */
function mountSandboxes(app: INestApplication, config: Config, port: number): Map<string, PaykassmaSandbox> {
  const sandboxes = new Map<string, PaykassmaSandbox>();
  // The default merchant's sandbox is at /sandbox: the others' paths are below it, so they go first.
  if (!config.sandbox) return sandboxes;
  const served = config.merchants.filter((merchant) => merchant.paykassma.apiUrl === null)
    .sort((a, b) => Number(a.id === config.defaultMerchantId) - Number(b.id === config.defaultMerchantId));
  for (const merchant of served) {
    const keys = merchant.paykassma;
    const postbackPath = merchant.id === config.defaultMerchantId ? '/paykassma/postback' : `/paykassma/postback/${merchant.id}`;
    const sandbox = createPaykassmaSandbox({
      accessKey: keys.postbackAccessKey,
      privateKey: keys.postbackPrivateKey,
      pluginApiSecret: keys.pluginApiSecret,
      withdrawalKey: keys.withdrawalKey,
      postbackUrl: `http://127.0.0.1:${port}${postbackPath}`,
      timeZone: keys.timeZone,
    });
    // The control routes credit players on request: only an admin key may call them.
    app.use(`${sandboxPath(config, merchant.id)}/sandbox-control`, requireAdminKey(app.get(ApiKeyRegistry)));
    app.use(sandboxPath(config, merchant.id), sandbox.router);
    sandboxes.set(merchant.id, sandbox);
  }
  return sandboxes;
}

/** The document is built on the first request for it: start-up does not wait for it. */
function mountApiDocs(app: INestApplication): void {
  const buildDocument = () => SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('kassa-ledger')
      .setDescription('Event-sourced payments ledger for Paykassma merchants (API v1). Errors are application/problem+json with a stable `code`.')
      .setVersion('1')
      .addServer('/', 'This service')
      // API keys are opaque strings, not JWTs: no bearerFormat.
      .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' })
      .build(),
    // Operations name their own operationId; the fallback ("listDeposits" from list() in DepositsController) beats "DepositsController_list".
    { operationIdFactory: (controller, method) => `${method}${controller.replace(/Controller$/, '')}` },
  );
  SwaggerModule.setup('docs', app, () => describeScopes(buildDocument()), { jsonDocumentUrl: 'docs-json' });
}

export interface StartOptions {
  /** The embedded PostgreSQL of DATA_DIR, already being started by the caller; absent: started here. */
  readonly embeddedDatabase?: Promise<EmbeddedDatabase>;
}

/** Builds and starts the whole service; used by main.ts and by the end-to-end tests. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  // The port is fixed before Nest starts so that the sandbox and the client know each other's URL.
  const port = config.port === 0 ? await freePort() : config.port;
  const resources = new OpenResources();
  let app: INestApplication | null = null;
  try {
    // Nest's own start-up lines wait for the pino logger; a failed start is reported once, by the caller.
    app = await NestFactory.create(AppModule.register({ config, logger, port, resources, embeddedDatabase: options.embeddedDatabase }), { bufferLogs: true, autoFlushLogs: false, bodyParser: false, abortOnError: false });
    app.useLogger(new QuietFrameworkLogger(app.get(PinoNestLogger)));
    app.flushLogs();
    // Before every route, the sandbox's included: each answer names its request and is counted.
    app.use(requestIdMiddleware);
    applySecurityHeaders(app);
    app.use(httpMetricsMiddleware(app.get(KassaMetrics)));
    const sandboxes = mountSandboxes(app, config, port);
    // Closed with the infrastructure, first of it: after the HTTP server, before the event store.
    for (const [merchantId, sandbox] of sandboxes) resources.opened(`the sandbox of ${merchantId}`, () => sandbox.close());
    mountApiDocs(app);
    // After the sandboxes and the API docs, before every route of ours (404s included): each request
    // logged, then its path and query checked and its body read. Plain middleware: one cheap layer
    // each, where Nest's consumer would add a catch-all route per middleware.
    app.use(requestLogMiddleware(logger), checkRequestTarget(), readRequestBodies());
    await app.init();
    await app.listen(port, '0.0.0.0');
    const running = app;
    return { app: running, port, sandbox: sandboxes.get(config.defaultMerchantId) ?? null, sandboxes, close: () => running.close() };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await resources.closeAll();
    throw error;
  }
}
