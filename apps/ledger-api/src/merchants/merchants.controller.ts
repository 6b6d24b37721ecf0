import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG } from '@kassa/infrastructure';
import { ALL_MERCHANTS, type Config } from '@kassa/platform';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { MerchantsDto } from './merchants.responses';

/**
 * The merchants an API key reaches: its own, or every configured one for a key across merchants
 * (`*`/). The console asks it to know whether to offer a merchant selector; a platform can check
 * which merchant its key acts for. Never another merchant's id for a merchant's key.
 */
@ApiTags('merchants')
@RequireScopes('payments', 'finance', 'admin')
@Controller('v1/merchants')
export class MerchantsController {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  @Get()
  @ApiOkResponse({ type: MerchantsDto })
  @ApiOperation({ operationId: 'listMerchants', summary: "The calling key (id, scopes, merchant) and the merchants it reaches" })
  list(@Req() request: AuthenticatedRequest): MerchantsDto {
    const key = request.apiKey;
    const reached = this.config.merchants.filter((merchant) => key.merchant === ALL_MERCHANTS || merchant.id === key.merchant);
    return {
      key: { id: key.id, scopes: [...key.scopes], merchant: key.merchant },
      data: reached.map((merchant) => ({ id: merchant.id, timeZone: merchant.paykassma.timeZone })),
    };
  }
}
