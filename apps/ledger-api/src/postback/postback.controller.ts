import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { sendProblem } from '../http/send-problem';
import { ApiPostback } from './postback.openapi';
import { PostbackService } from './postback.service';

const POSTBACK_REFUSAL_CODES: Readonly<Record<number, string>> = { 400: 'MALFORMED_POSTBACK', 401: 'INVALID_SIGNATURE' };

/**
 * POST /paykassma/postback: no API key, the signature is the authentication. The raw body is read
 * as sent (not re-serialized), because the inbox keeps it byte for byte for audit and replay.
 */
@Public()
@Controller('paykassma')
export class PostbackController {
  constructor(private readonly postbacks: PostbackService) {}

  @Post('postback')
  @HttpCode(200)
  @ApiPostback('receivePostback', 'Receive a signed deposit or withdrawal result from Paykassma')
  async receive(@Req() request: Request & { rawBody?: Buffer; id?: unknown }, @Res() response: Response): Promise<void> {
    const raw = request.rawBody?.toString('utf8') ?? '';
    const requestId = typeof request.id === 'string' ? request.id : null;
    const answer = await this.postbacks.receive(raw, request.header('content-type') ?? null, request.ip ?? null, requestId);
    if (answer.status === 200) {
      response.status(200).json(answer.body);
      return;
    }
    // Paykassma only looks for 200 {"status":"ok"}; a refusal is answered like any other API error.
    const detail = typeof answer.body.message === 'string' ? answer.body.message : 'the postback was not accepted; it may be sent again';
    sendProblem(response, new ApiError(answer.status, POSTBACK_REFUSAL_CODES[answer.status] ?? 'POSTBACK_NOT_ACCEPTED', 'Postback not accepted', detail));
  }
}
