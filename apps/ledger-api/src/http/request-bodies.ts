import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError } from './api-error';
import { inspectInput } from './input-rules';
import { payloadTooLarge, sendProblem, unsupportedMediaType } from './send-problem';

/** JSON bodies of the API: a deposit or withdrawal is a few hundred bytes. */
export const JSON_BODY_LIMIT_BYTES = 256 * 1024;
/** A postback carries a batch of records; the provider's largest are tens of kilobytes. */
export const POSTBACK_BODY_LIMIT_BYTES = 1024 * 1024;

/** The provider's postback paths: the body is read raw, whatever its type, for the signature check and the inbox. */
const POSTBACK_PATH = /^\/paykassma\/postback(\/[^/]+)?\/?$/;
/** Endpoints that take multipart/form-data (multer parses them in the route); every other one takes JSON only. */
const MULTIPART_PATHS: readonly RegExp[] = [/^\/v1\/deposits\/[^/]+\/activation\/?$/, /^\/v1\/reconciliation\/statements\/?$/];

const jsonParser = express.json({ limit: JSON_BODY_LIMIT_BYTES, strict: true, inflate: false, type: () => true });
const rawParser = express.raw({ limit: POSTBACK_BODY_LIMIT_BYTES, inflate: false, type: () => true });

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

function mediaType(request: Request): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** body-parser's errors as the API's problems; never a 500 for what a client sent. */
function parserProblem(error: { type?: string; status?: number; message?: string }): ApiError {
  switch (error.type) {
    case 'entity.too.large':
      return payloadTooLarge(`the body is larger than the limit of this endpoint`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return unsupportedMediaType('send the body as uncompressed UTF-8');
    case 'entity.parse.failed':
      return ApiError.validation([{ field: 'body', message: 'is not valid JSON (an object is expected)' }]);
    default:
      return ApiError.validation([{ field: 'body', message: 'could not be read' }]);
  }
}

function run(parser: RequestHandler, request: Request, response: Response, then: () => void): void {
  parser(request, response, (error?: unknown) => {
    if (error) sendProblem(response, parserProblem(error as { type?: string }));
    else then();
  });
}

/**
 * Reads request bodies before any route: postbacks raw (any content type), multipart left to the
 * routes that take it, JSON parsed within a size limit and inspected (depth, prototype keys, NUL
 * and unpaired surrogates) so nothing recursive ever sees an unbounded value. Any other media type
 * is a 415, compressed bodies too: a gzip bomb is never inflated.
 */
export function readRequestBodies(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== '') {
      return sendProblem(response, unsupportedMediaType(`Content-Encoding ${encoding.slice(0, 40)} is not accepted; send the body uncompressed`));
    }
    if (POSTBACK_PATH.test(request.path)) {
      return run(rawParser, request, response, () => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        (request as Request & { rawBody?: Buffer }).rawBody = raw;
        request.body = {};
        next();
      });
    }
    if (!hasBody(request)) return next();
    const type = mediaType(request);
    if (type === 'multipart/form-data' && MULTIPART_PATHS.some((path) => path.test(request.path))) return next();
    if (type !== 'application/json') {
      const accepted = MULTIPART_PATHS.some((path) => path.test(request.path)) ? 'application/json or multipart/form-data' : 'application/json';
      return sendProblem(response, unsupportedMediaType(`this endpoint takes ${accepted}, not ${type.slice(0, 80) || 'a body without Content-Type'}`));
    }
    run(jsonParser, request, response, () => {
      const problem = inspectInput(request.body, '');
      if (problem) return sendProblem(response, ApiError.validation([problem]));
      next();
    });
  };
}
