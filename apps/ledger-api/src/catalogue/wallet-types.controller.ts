import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogueView } from '@kassa/paykassma';
import { RequireScopes } from '../auth/scopes.decorator';
import { WalletTypesDto } from './wallet-type.responses';

@ApiTags('catalogue')
@RequireScopes('payments')
@Controller('v1/wallet-types')
export class WalletTypesController {
  @Get()
  @ApiOkResponse({ type: WalletTypesDto })
  @ApiOperation({ operationId: 'listWalletTypes', summary: 'The payment systems: currency, languages, activation kind and every field rule' })
  list() {
    return { data: catalogueView() };
  }
}
