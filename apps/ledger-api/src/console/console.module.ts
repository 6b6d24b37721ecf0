import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** GET /console: the finance console built by `npm run build:console` (apps/console). */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
