import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackgroundWorkModule, FinanceServicesModule, InfrastructureModule, type InfrastructureOptions } from '@kassa/infrastructure';
import { CopyEventsCommand } from './commands/copy-events.command';
import { ImportStatementCommand } from './commands/import-statement.command';
import { RebuildCommand } from './commands/rebuild.command';
import { VerifyCommand } from './commands/verify.command';

/**
 * The operator commands on the service's own modules: the infrastructure, the background work (not
 * started: a command starts what it needs) and the finance services.
 */
@Module({})
export class CliModule {
  static register(infrastructure: InfrastructureOptions): DynamicModule {
    return {
      module: CliModule,
      // CqrsModule: the withdrawal submitter (background work) dispatches its commands on the CommandBus.
      imports: [InfrastructureModule.forRoot(infrastructure), CqrsModule.forRoot(), BackgroundWorkModule.forRoot({ startOnBootstrap: false }), FinanceServicesModule],
      providers: [RebuildCommand, VerifyCommand, ImportStatementCommand, CopyEventsCommand],
    };
  }
}
