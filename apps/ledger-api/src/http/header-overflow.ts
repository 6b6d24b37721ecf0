import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './api-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

function problemResponse(error: ApiError): string {
  const body = JSON.stringify(toProblem(error));
  return [
    `HTTP/1.1 ${error.getStatus()} ${error.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Requests Node's parser refuses before any route sees them (headers over --max-http-header-size,
 * malformed request lines) are answered as problem+json too; Node's own answer is a bare status
 * line. Node gives no request or response here: the answer is written to the socket itself.
 */
export function answerParserErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer = error.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError(431, 'HEADERS_TOO_LARGE', 'Request Header Fields Too Large', 'the request headers are larger than the server accepts')
      : error.code === 'HPE_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ApiError(408, 'REQUEST_TIMEOUT', 'Request Timeout', 'the request was not received in time')
        : new ApiError(400, 'BAD_REQUEST', 'Bad Request', 'the request could not be parsed as HTTP');
    socket.end(problemResponse(answer));
  });
}
