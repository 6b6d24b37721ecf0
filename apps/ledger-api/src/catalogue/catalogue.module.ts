import { Module } from '@nestjs/common';
import { WalletTypesController } from './wallet-types.controller';

/** The wallet catalogue: payment systems and their field rules. */
@Module({ controllers: [WalletTypesController] })
export class CatalogueModule {}
