import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { createLogger } from '@kassa/platform';
import { eventually } from '../../../../test/support/eventually';
import { requestLogMiddleware } from './request-log.middleware';

type Line = Record<string, any>;

/** A server whose every request passes the middleware, then `answer`; the lines it logs. */
async function serve(answer: (request: Request, response: Response) => void): Promise<{ server: Server; port: number; lines: Line[] }> {
  const lines: Line[] = [];
  const middleware = requestLogMiddleware(createLogger('info', 'test', { write: (line: string) => lines.push(JSON.parse(line)) }));
  const server = createServer((request, response) => {
    Object.assign(request, { id: 'req-1', originalUrl: request.url });
    middleware(request as Request, response as unknown as Response, (() => answer(request as Request, response as unknown as Response)) as NextFunction);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port, lines };
}

describe('requestLogMiddleware', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('writes one line per request: the request without its query, the merchant, the status and time; error level for a 5xx', async () => {
    const served = await serve((request, response) => {
      (request as Request & { merchantId?: string }).merchantId = 'shop-7';
      response.statusCode = request.url?.startsWith('/fail') ? 503 : 201;
      response.end('x');
    });
    server = served.server;
    await fetch(`http://127.0.0.1:${served.port}/v1/deposits?label=secret-label`, { method: 'POST' });
    await fetch(`http://127.0.0.1:${served.port}/fail`);
    const lines = await eventually(() => (served.lines.length >= 2 ? served.lines : undefined), 5_000, 'two request lines');
    expect(lines.map(({ level, msg, req: { id, method, url }, merchant, res }) => ({ level, msg, req: { id, method, url }, merchant, res }))).toEqual([
      { level: 'info', msg: 'request completed', req: { id: 'req-1', method: 'POST', url: '/v1/deposits' }, merchant: 'shop-7', res: { statusCode: 201 } },
      { level: 'error', msg: 'request completed', req: { id: 'req-1', method: 'GET', url: '/fail' }, merchant: 'shop-7', res: { statusCode: 503 } },
    ]);
    expect(lines.every((line) => typeof line.responseTime === 'number' && line.req.remoteAddress === '127.0.0.1')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('secret-label');
  });

  it('says "request aborted" when the client leaves before the answer, and logs no probe', async () => {
    let slowArrived: () => void = () => undefined;
    const slowHasArrived = new Promise<void>((resolve) => (slowArrived = resolve));
    const served = await serve((request, response) => {
      if (request.url === '/health') response.end('ok');
      else slowArrived(); // never answered: the client gives up once the server has it
    });
    server = served.server;
    await fetch(`http://127.0.0.1:${served.port}/health`);
    await new Promise<void>((done) => {
      const call = httpRequest({ host: '127.0.0.1', port: served.port, path: '/slow' });
      call.on('error', () => done());
      call.end();
      void slowHasArrived.then(() => call.destroy());
    });
    const line = await eventually(() => served.lines.find((found) => found.req.url === '/slow'), 5_000, 'the /slow line');
    expect(line.msg).toBe('request aborted');
    expect(served.lines.some((found) => found.req.url === '/health')).toBe(false);
  });
});
