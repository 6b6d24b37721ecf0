import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import { Public } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { sendProblem } from '../http/send-problem';
import { ApiPostback } from './postback.openapi';
import { PostbackService } from './postback.service';

const POSTBACK_REFUSAL_CODES: Readonly<Record<number, string>> = { 400: 'MALFORMED_POSTBACK', 401: 'INVALID_SIGNATURE' };

type PostbackRequest = Request & { rawBody?: Buffer; id?: unknown; merchantId?: string };

/**
 * POST /paykassma/postback/{merchantId} (and /paykassma/postback for the default merchant): no API
 * key, the signature with that merchant's keys is the authentication. The raw body is read as sent
 * (not re-serialized), because the inbox keeps it byte for byte for audit and replay.
 */
@Public()
@Controller('paykassma')
export class PostbackController {
  constructor(
    private readonly postbacks: PostbackService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('postback')
  @HttpCode(200)
  @ApiPostback('receivePostback', "Receive a signed deposit or withdrawal result from Paykassma for the default merchant")
  async receiveForDefault(@Req() request: PostbackRequest, @Res() response: Response): Promise<void> {
    await this.receive(this.config.defaultMerchantId, request, response);
  }

  @Post('postback/:merchantId')
  @HttpCode(200)
  @ApiPostback('receiveMerchantPostback', "Receive a signed deposit or withdrawal result from Paykassma for one merchant (checked with that merchant's keys)")
  async receiveForMerchant(@Param('merchantId') merchantId: string, @Req() request: PostbackRequest, @Res() response: Response): Promise<void> {
    await this.receive(merchantId, request, response);
  }

  private async receive(merchantId: string, request: PostbackRequest, response: Response): Promise<void> {
    // An unknown merchant is a wrong URL: nothing is kept (the inbox holds only postbacks for a merchant).
    if (!this.postbacks.serves(merchantId)) {
      sendProblem(response, new ApiError(404, 'NOT_FOUND', 'Not found', 'no postback URL for this merchant'));
      return;
    }
    request.merchantId = merchantId;
    const raw = request.rawBody?.toString('utf8') ?? '';
    const requestId = typeof request.id === 'string' ? request.id : null;
    const answer = await this.postbacks.receive(merchantId, raw, request.header('content-type') ?? null, request.ip ?? null, requestId);
    if (answer.status === 200) {
      response.status(200).json(answer.body);
      return;
    }
    // Paykassma only looks for 200 {"status":"ok"}; a refusal is answered like any other API error.
    const detail = typeof answer.body.message === 'string' ? answer.body.message : 'the postback was not accepted; it may be sent again';
    sendProblem(response, new ApiError(answer.status, POSTBACK_REFUSAL_CODES[answer.status] ?? 'POSTBACK_NOT_ACCEPTED', 'Postback not accepted', detail));
  }
}
