import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { Config } from '@kassa/platform';
import { AppModule } from './app.module';
import { Runtime } from './runtime/runtime';

export interface RunningServer {
  readonly app: INestApplication;
  readonly runtime: Runtime;
  readonly port: number;
  /** Stops taking requests, lets in-flight ones finish, stops subscriptions, then the database. */
  close(): Promise<void>;
}

/** Builds and starts the whole service; used by main.ts and by the end-to-end tests. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const runtime = await Runtime.open(config, logger);
  try {
    const app = await NestFactory.create(AppModule.register(runtime), { bufferLogs: true, bodyParser: true });
    app.useLogger(app.get(PinoNestLogger));
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('kassa-ledger')
        .setDescription('Event-sourced payments ledger for Paykassma merchants (API v1)')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
    await app.listen(config.port, '0.0.0.0');
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    return {
      app,
      runtime,
      port,
      close: async () => {
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
