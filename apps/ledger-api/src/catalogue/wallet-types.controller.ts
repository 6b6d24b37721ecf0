import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogueView } from '@kassa/paykassma';
import { RequireScopes } from '../auth/scopes.decorator';

@ApiTags('catalogue')
@ApiBearerAuth()
@RequireScopes('payments')
@Controller('v1/wallet-types')
export class WalletTypesController {
  @Get()
  @ApiOperation({ summary: 'The payment systems: currency, languages, activation kind and every field rule' })
  list() {
    return { data: catalogueView() };
  }
}
