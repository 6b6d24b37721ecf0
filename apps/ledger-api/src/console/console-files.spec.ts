import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../http/api-error';
import { consoleBuildDirectory, ConsoleFiles } from './console-files';

describe('console files', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'kassa-console-'));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('finds dist/console under the folder holding package.json, from source or compiled code', () => {
    writeFileSync(join(project, 'package.json'), '{}');
    const deep = join(project, 'dist', 'apps', 'ledger-api', 'src', 'console');
    mkdirSync(deep, { recursive: true });
    expect(consoleBuildDirectory(deep)).toBe(join(project, 'dist', 'console'));
  });

  it('answers a 404 problem saying how to build when the console was never built', () => {
    const files = new ConsoleFiles(join(project, 'dist', 'console'));
    const refusal = (() => {
      try {
        files.existing('index.html');
        return null;
      } catch (error) {
        return error as ApiError;
      }
    })();
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'NOT_FOUND', title: 'The console is not built' });
    expect(refusal!.getStatus()).toBe(404);
    expect(refusal!.detail).toContain('npm run build');
  });

  it('serves what exists and refuses a missing asset of a built console', () => {
    mkdirSync(join(project, 'assets'));
    writeFileSync(join(project, 'index.html'), '<!doctype html>');
    writeFileSync(join(project, 'assets', 'index-abc.js'), '');
    const files = new ConsoleFiles(project);
    expect(files.existing(join('assets', 'index-abc.js'))).toBe(join('assets', 'index-abc.js'));
    expect(() => files.existing(join('assets', 'gone.js'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND', title: 'Console asset not found' }));
  });
});
