import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { TestService } from '../support/e2e-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  readonly operationId?: string;
  readonly parameters?: { name: string; in: string; schema?: { type?: string } }[];
  readonly responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  readonly security?: unknown[];
  readonly 'x-required-scopes'?: string[];
}

/** Every operation of the document as "METHOD /path" with its object. */
function operationsOf(document: any): [string, Operation][] {
  return Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method): [string, Operation] => [`${method.toUpperCase()} ${path}`, item[method]!]),
  );
}

/** Type errors per file, from one strict program over all of them (one program: the libraries are read once). */
function typeErrors(directory: string, files: readonly string[]): Record<string, string[]> {
  const program = ts.createProgram(files.map((file) => join(directory, file)), {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return Object.fromEntries(files.map((file) => {
    const source = program.getSourceFile(join(directory, file));
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    return [file, diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))];
  }));
}

/**
 * The OpenAPI document is what a client generator needs: a typed client generated from the running
 * service's /docs-json compiles a program that uses it under strict, and the document lints clean.
 */
describe('the OpenAPI document at /docs-json', () => {
  let service: TestService;
  let document: any;
  let workDir: string;

  beforeAll(async () => {
    service = await TestService.start();
    document = (await service.get('/docs-json', { key: null })).body;
    // A scratch project outside the repository that still resolves openapi-fetch from our node_modules.
    workDir = mkdtempSync(join(tmpdir(), 'kassa-openapi-'));
    symlinkSync(join(ROOT, 'node_modules'), join(workDir, 'node_modules'), 'dir');
    writeFileSync(join(workDir, 'openapi.json'), JSON.stringify(document, null, 2));
  });

  afterAll(async () => {
    await service.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('names every operation meaningfully and once', () => {
    const ids = operationsOf(document).map(([, operation]) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = Object.fromEntries(operationsOf(document).map(([route, operation]) => [route, operation.operationId]));
    expect(byRoute).toMatchObject({
      'POST /v1/deposits': 'openDeposit',
      'GET /v1/deposits/{id}': 'getDeposit',
      'GET /v1/deposits': 'listDeposits',
      'POST /v1/withdrawals': 'requestWithdrawal',
      'GET /v1/players/{label}/balances': 'getPlayerBalances',
      'POST /paykassma/postback': 'receivePostback',
    });
  });

  it('gives every 2xx a schema and every documented error the one problem+json schema', () => {
    const missing: string[] = [];
    for (const [route, operation] of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = Object.entries(response.content ?? {});
        if (status.startsWith('2') && (media.length === 0 || media.some(([, body]) => !body.schema))) missing.push(`${route} ${status}: no schema`);
        if (/^[45]/.test(status)) {
          const ref = (response.content?.['application/problem+json']?.schema as { $ref?: string } | undefined)?.$ref;
          if (ref !== '#/components/schemas/ProblemDto') missing.push(`${route} ${status}: not the problem schema`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(document.components.schemas.ProblemDto.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    expect(document.components.schemas.FieldErrorDto.required).toEqual(['field', 'message']);
  });

  it('says which scopes each operation needs, and what a missing key or scope answers', () => {
    for (const [route, operation] of operationsOf(document)) {
      if (route.includes('/paykassma/postback')) continue;
      expect([route, (operation['x-required-scopes'] ?? []).length > 0]).toEqual([route, true]);
      expect([route, Object.keys(operation.responses)]).toEqual([route, expect.arrayContaining(['401', '403'])]);
    }
    const byRoute = Object.fromEntries(operationsOf(document));
    expect(byRoute['GET /v1/players/{label}/balances']['x-required-scopes']).toEqual(['payments', 'finance']);
    expect(byRoute['GET /v1/reports/settlement']['x-required-scopes']).toEqual(['finance']);
    expect((byRoute['GET /v1/players/{label}/balances'] as { description?: string }).description).toMatch(/^Needs an API key with the scope `payments` or `finance`\./);
  });

  it('describes opaque bearer keys, integer limits, CSV and the provider-side postback', () => {
    expect(document.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(document.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
    const byRoute = Object.fromEntries(operationsOf(document));
    for (const [route, operation] of operationsOf(document)) {
      const limit = operation.parameters?.find((parameter) => parameter.name === 'limit');
      if (limit) expect([route, limit.schema?.type]).toEqual([route, 'integer']);
    }
    expect(Object.keys(byRoute['GET /v1/reports/settlement'].responses['200'].content ?? {})).toEqual(['application/json', 'text/csv']);
    const postback = byRoute['POST /paykassma/postback'];
    expect(postback.security).toEqual([]);
    expect(Object.keys(postback.responses)).toEqual(expect.arrayContaining(['200', '401']));
  });

  it('generates a typed client that compiles a program under strict, and would refuse a wrong one', async () => {
    await run(join(BIN, 'openapi-typescript'), [join(workDir, 'openapi.json'), '--output', join(workDir, 'api.d.ts')], { cwd: workDir, timeout: 30_000 });
    copyFileSync(join(__dirname, 'typed-client.program.ts.txt'), join(workDir, 'program.ts'));
    // The same program reading a field the document does not have must not compile: the types are real, not `any`.
    const wrong = readFileSync(join(workDir, 'program.ts'), 'utf8').replace('const id: string = opened.data.id;', 'const id: string = opened.data.noSuchField;');
    expect(wrong).toContain('noSuchField');
    writeFileSync(join(workDir, 'wrong.ts'), wrong);

    const errors = typeErrors(workDir, ['program.ts', 'wrong.ts']);
    expect(errors['program.ts']).toEqual([]);
    expect(errors['wrong.ts'].join('\n')).toContain("Property 'noSuchField' does not exist");
  });

  it('passes redocly lint without errors', async () => {
    const result = await run(join(BIN, 'redocly'), ['lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', join(workDir, 'openapi.json')], {
      cwd: workDir,
      timeout: 60_000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
    const report = JSON.parse(result.stdout) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });
});
