import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { answerParserErrorsAsProblems } from './header-overflow';

/**
 * Node's own parser refusals (431 and the like), which no middleware sees, answered as problem+json.
 * What every request passes before a route sees it (its log line, the path and query checked, the
 * body read within limits) is mounted by startServer as plain middleware (server.ts).
 */
@Module({})
export class HttpEdgeModule implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    answerParserErrorsAsProblems(this.adapterHost.httpAdapter.getHttpServer());
  }
}
