import { Module } from '@nestjs/common';
import { DeadLettersAdminController } from './dead-letters-admin.controller';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * /v1/admin: projections (positions, lag, rebuild), verify runs and dead letters. Everything it
 * needs is global (infrastructure, background work).
 */
@Module({ controllers: [ProjectionsAdminController, DeadLettersAdminController] })
export class OperationsAdminModule {}
