import type { Response } from 'express';
import { stringifyLossless } from '../../json/lossless-stringify';
import type { ProviderReply } from '../provider-reply';

/** Writes a reply with JsonNumbers verbatim (res.json would go through JS numbers). */
export function sendReply(res: Response, reply: ProviderReply): void {
  res.status(reply.httpStatus).type('application/json').send(stringifyLossless(reply.body));
}
