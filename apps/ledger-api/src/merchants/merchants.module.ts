import { Module } from '@nestjs/common';
import { MerchantsController } from './merchants.controller';

/** GET /v1/merchants: which merchants the calling key reaches. */
@Module({ controllers: [MerchantsController] })
export class MerchantsModule {}
