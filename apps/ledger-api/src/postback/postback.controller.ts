import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/scopes.decorator';
import { PostbackService } from './postback.service';

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
  @ApiExcludeEndpoint()
  async receive(@Req() request: Request & { rawBody?: Buffer; id?: unknown }, @Res() response: Response): Promise<void> {
    const raw = request.rawBody?.toString('utf8') ?? '';
    const requestId = typeof request.id === 'string' ? request.id : null;
    const answer = await this.postbacks.receive(raw, request.header('content-type') ?? null, request.ip ?? null, requestId);
    response.status(answer.status).json(answer.body);
  }
}
