import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { TEST_KEYS, TestService } from '../support/e2e-app';
import { rawRequest } from '../support/raw-http';
import { encodeAnything, hostileJson, hostileString, pathSegment } from './hostile-strings';

/** Requests in all, spread over the endpoints: bounded so the file adds seconds, not minutes, to npm test (FUZZ_RUNS for a deeper search). */
const TOTAL_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 900;
/** Set FUZZ_SEED to replay a failure (fast-check prints the seed and the failing request). */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

interface Endpoint {
  readonly method: string;
  /** OpenAPI template, e.g. /v1/deposits/{id}/activation */
  readonly template: string;
  readonly queryNames: readonly string[];
  readonly bodyFields: readonly string[];
}

interface FuzzRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/xml',
  'application/problem+json',
  '*/*',
  'garbage',
];

/** Every route the OpenAPI document lists, plus the postback endpoints and open routes it leaves out on purpose. */
function endpointsOf(document: { paths: Record<string, Record<string, any>> }): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters: { in: string; name: string }[] = operation.parameters ?? [];
      const schema = operation.requestBody?.content?.['application/json']?.schema ?? operation.requestBody?.content?.['multipart/form-data']?.schema;
      const resolved = schema?.$ref ? (document as any).components?.schemas?.[schema.$ref.split('/').pop()] : schema;
      endpoints.push({
        method: method.toUpperCase(),
        template,
        queryNames: parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
        bodyFields: Object.keys(resolved?.properties ?? {}),
      });
    }
  }
  const postback = { method: 'POST', queryNames: [], bodyFields: ['signature', 'access_key', 'direction', 'additional_data', 'label', 'amount'] };
  endpoints.push({ ...postback, template: '/paykassma/postback' }, { ...postback, template: '/paykassma/postback/{merchantId}' });
  // Open routes the document leaves out, and paths no route takes.
  for (const template of ['/health', '/ready', '/metrics', '/console', '/console/{path}', '/{path}', '/v1/{path}/{id}']) {
    endpoints.push({ method: 'GET', template, queryNames: [], bodyFields: [] });
  }
  endpoints.push({ method: 'POST', template: '/v1/{path}', queryNames: [], bodyFields: ['id'] }, { method: 'DELETE', template: '/v1/deposits/{id}', queryNames: [], bodyFields: [] });
  return endpoints;
}

function requestFor(endpoint: Endpoint): fc.Arbitrary<FuzzRequest> {
  const segments = endpoint.template.match(/\{[^}]+\}/g) ?? [];
  const body = fc.oneof(
    { weight: 5, arbitrary: fc.record(Object.fromEntries(endpoint.bodyFields.map((field) => [field, hostileJson()])), { requiredKeys: [] }).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.tuple(fc.dictionary(hostileString(), hostileJson(), { maxKeys: 4 })).map(([value]) => JSON.stringify(value)) },
    { weight: 1, arbitrary: hostileJson().map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.integer({ min: 40, max: 20_000 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`) },
    { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '{"amount":null,"label":null}', '{', '[]', 'null', '"x"') },
  );
  return fc.record({
    segments: fc.tuple(...segments.map(() => pathSegment())),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...endpoint.queryNames, 'limit', 'cursor'), hostileString()), hostileString()), { maxLength: 4 }),
    key: fc.constantFrom<keyof typeof TEST_KEYS | 'none' | 'wrong'>('platform', 'finance', 'admin', 'platform', 'finance', 'none', 'wrong'),
    contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
    contentEncoding: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-what') }),
    idempotencyKey: fc.oneof(fc.uuid(), fc.stringMatching(/^[\x21-\x7e]{0,300}$/), fc.constant(undefined)),
    body: fc.option(body, { nil: undefined, freq: 5 }),
  }).map(({ segments: values, query, key, contentType, contentEncoding, idempotencyKey, body: text }) => {
    let path = endpoint.template;
    for (const value of values) path = path.replace(/\{[^}]+\}/, value);
    if (query.length > 0) path += `?${query.map(([name, value]) => `${encodeAnything(name)}=${encodeAnything(value)}`).join('&')}`;
    const headers: Record<string, string> = {};
    if (key === 'wrong') headers.authorization = 'Bearer sk_not_a_key_at_all';
    else if (key !== 'none') headers.authorization = `Bearer ${TEST_KEYS[key]}`;
    if (idempotencyKey !== undefined && idempotencyKey !== '') headers['idempotency-key'] = idempotencyKey;
    if (text !== undefined) headers['content-type'] = contentType;
    if (contentEncoding !== undefined) headers['content-encoding'] = contentEncoding;
    return { path, headers, body: text };
  });
}

/**
 * Property: whatever arrives at any endpoint (path ids, query strings, headers, bodies, media types,
 * encodings), the answer is never a 5xx; every 4xx is problem+json with its status; and a refused
 * request caused no event (each request's events would carry its X-Request-Id as correlation id).
 */
describe(`Fuzz › every endpoint (fast-check, seed ${SEED})`, () => {
  let service: TestService;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    service = await TestService.start();
    const document = await service.get('/docs-json', { key: null });
    endpoints = endpointsOf(document.body);
  });

  afterAll(async () => {
    await service.close();
  });

  async function eventsCausedBy(requestId: string): Promise<number> {
    const rows: { n: number }[] = await service.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE metadata->>'correlationId' = $1`, [requestId]);
    return rows[0].n;
  }

  it('never answers 5xx, answers every 4xx as problem+json, and writes no event for a refused request', async () => {
    expect(endpoints.length).toBeGreaterThan(15);
    const runsPerEndpoint = Math.max(5, Math.floor(TOTAL_RUNS / endpoints.length));
    const statuses = new Map<number, number>();
    for (const [index, endpoint] of endpoints.entries()) {
      await fc.assert(
        fc.asyncProperty(requestFor(endpoint), async (request) => {
          const requestId = `fuzz-${randomUUID()}`;
          const response = await rawRequest(service.baseUrl, endpoint.method, request.path, { ...request.headers, 'x-request-id': requestId }, request.body);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const seen = `${endpoint.method} ${request.path} -> ${response.status} ${response.text.slice(0, 200)}`;
          expect(seen).not.toMatch(/-> 5\d\d /);
          if (response.status >= 400) {
            expect({ seen, type: response.headers['content-type'] }).toMatchObject({ type: expect.stringContaining('application/problem+json') });
            expect({ seen, status: response.json?.status, code: typeof response.json?.code }).toMatchObject({ status: response.status, code: 'string' });
            expect({ seen, events: await eventsCausedBy(requestId) }).toMatchObject({ events: 0 });
          }
        }),
        { numRuns: runsPerEndpoint, seed: SEED + index, endOnFailure: true },
      );
    }
    // The requests got past authentication into validation and handlers, not only 401s.
    const answered = Object.fromEntries(statuses);
    expect(Object.keys(answered).map(Number)).toEqual(expect.arrayContaining([400, 401, 403, 415]));
    process.stdout.write(`fuzz: ${endpoints.map((e) => `${e.method} ${e.template}`).join(', ')}\n`);
    process.stdout.write(`fuzz: ${endpoints.length} endpoints, statuses ${JSON.stringify(answered)}\n`);
  }, 60_000 + TOTAL_RUNS * 100);
});
