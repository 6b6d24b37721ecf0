import { type MiddlewareConsumer, Module, type NestModule, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { answerParserErrorsAsProblems } from './header-overflow';
import { readRequestBodies } from './request-bodies';
import { checkRequestTarget } from './request-target';

/**
 * What every request passes before a route sees it (the app is created with bodyParser: false):
 * the path and query checked, the body read within limits and inspected; and Node's own parser
 * refusals (431 and the like) answered as problem+json. Import it after the logger module, so its
 * answers are logged like any other.
 */
@Module({})
export class HttpEdgeModule implements NestModule, OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(checkRequestTarget(), readRequestBodies()).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  onApplicationBootstrap(): void {
    answerParserErrorsAsProblems(this.adapterHost.httpAdapter.getHttpServer());
  }
}
