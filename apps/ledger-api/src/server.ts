import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { createPaykassmaSandbox, type PaykassmaSandbox } from '@kassa/paykassma';
import { type Config, freePort, KassaMetrics } from '@kassa/platform';
import { AppModule } from './app.module';
import { httpMetricsMiddleware } from './observability/http-metrics.middleware';
import { QuietFrameworkLogger } from './observability/quiet-framework-logger';
import { requestIdMiddleware } from './observability/request-id.middleware';
import { backgroundWork } from './runtime/process-managers';
import { Runtime } from './runtime/runtime';

export interface RunningServer {
  readonly app: INestApplication;
  readonly runtime: Runtime;
  readonly port: number;
  /** The built-in sandbox, when PAYKASSMA_API_URL is unset. */
  readonly sandbox: PaykassmaSandbox | null;
  /** Stops taking requests, lets in-flight ones finish, stops subscriptions, then the database. */
  close(): Promise<void>;
}

/** The built-in provider stand-in, signing postbacks to this service with the configured keys. */
function mountSandbox(app: INestApplication, config: Config, port: number): PaykassmaSandbox | null {
  if (config.paykassma.apiUrl !== null) return null;
  const sandbox = createPaykassmaSandbox({
    accessKey: config.paykassma.postbackAccessKey,
    privateKey: config.paykassma.postbackPrivateKey,
    pluginApiSecret: config.paykassma.pluginApiSecret,
    withdrawalKey: config.paykassma.withdrawalKey,
    postbackUrl: `http://127.0.0.1:${port}/paykassma/postback`,
    timeZone: config.paykassma.timeZone,
  });
  app.use('/sandbox', sandbox.router);
  return sandbox;
}

function mountApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('kassa-ledger')
      .setDescription('Event-sourced payments ledger for Paykassma merchants (API v1). Errors are application/problem+json with a stable `code`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Builds and starts the whole service; used by main.ts and by the end-to-end tests. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // The port is fixed before Nest starts so that the sandbox and the client know each other's URL.
  const port = config.port === 0 ? await freePort() : config.port;
  const runtime = await Runtime.open(config, logger);
  let sandbox: PaykassmaSandbox | null = null;
  try {
    const app = await NestFactory.create(AppModule.register(runtime, port), { bufferLogs: true, bodyParser: false });
    app.useLogger(new QuietFrameworkLogger(app.get(PinoNestLogger)));
    // Before every route, the sandbox's included: each answer names its request and is counted.
    app.use(requestIdMiddleware);
    app.use(httpMetricsMiddleware(app.get(KassaMetrics)));
    sandbox = mountSandbox(app, config, port);
    mountApiDocs(app);
    await app.init();
    const work = backgroundWork(app);
    runtime.startBackgroundWork(work.processManagers, work.submitter);
    await app.listen(port, '0.0.0.0');
    const running: RunningServer = {
      app,
      runtime,
      port,
      sandbox,
      close: async () => {
        await app.close();
        await sandbox?.close();
        await runtime.close();
      },
    };
    return running;
  } catch (error) {
    await sandbox?.close();
    await runtime.close();
    throw error;
  }
}
