import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SCRIPTS = resolve(__dirname, '..', '..', 'scripts');

/**
 * scripts/build-if-changed.mjs on a small copy of a repository, with an `npm` on the PATH that
 * counts the builds it is asked for and writes the outputs a build leaves.
 */
describe('scripts/build-if-changed.mjs', () => {
  let root: string;
  const builds = () => (existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').trim().split('\n').length : 0);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const run = () => execFileSync(process.execPath, [join(root, 'scripts', 'build-if-changed.mjs')], { env: { ...process.env, PATH: `${join(root, 'bin')}:${process.env.PATH}` }, stdio: 'pipe' });
  /** Sets a file's mtime to a moment long past: as a file nobody touched since the build looks. */
  const age = (path: string, secondsAgo = 3600) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(join(root, path), when, when);
  };
  const SOURCES = ['package.json', 'tsconfig.json', 'apps/ledger-api/src/main.ts', 'libs/kernel/src/money.ts', 'bench/main.ts'];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kassa-build-check-'));
    cpSync(SCRIPTS, join(root, 'scripts'), { recursive: true });
    write('package.json', '{"name":"copy"}\n');
    write('tsconfig.json', '{}\n');
    write('apps/ledger-api/src/main.ts', 'export const a = 1;\n');
    write('libs/kernel/src/money.ts', 'export const m = 1;\n');
    write('bench/main.ts', 'export const b = 1;\n');
    write(
      'bin/npm',
      `#!/bin/sh\necho build >> "${root}/builds.log"\nmkdir -p "${root}/dist/apps/ledger-api/src" "${root}/dist/apps/ledger-cli/src"\ntouch "${root}/dist/apps/ledger-api/src/main.js" "${root}/dist/apps/ledger-cli/src/main.js"\n`,
    );
    chmodSync(join(root, 'bin', 'npm'), 0o755);
    for (const source of SOURCES) age(source);
    run();
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds once, then not again while nothing changed', () => {
    expect(builds()).toBe(1);
    run();
    run();
    expect(builds()).toBe(1);
  });

  it('builds again when a source changes, even to the same size', () => {
    write('libs/kernel/src/money.ts', 'export const m = 2;\n');
    run();
    expect(builds()).toBe(2);
    write('package.json', '{"name":"copx"}\n');
    run();
    expect(builds()).toBe(3);
  });

  it('builds again when a source is added or removed', () => {
    write('apps/ledger-api/src/extra.ts', 'export const x = 1;\n');
    run();
    expect(builds()).toBe(2);
    rmSync(join(root, 'apps/ledger-api/src/extra.ts'));
    run();
    expect(builds()).toBe(3);
  });

  it('does not build when only mtimes changed (a checkout, a copy), and records the new ones', () => {
    const stamp = () => readFileSync(join(root, 'dist', '.build-inputs'), 'utf8').split('\n');
    const [hash, ...records] = stamp();
    for (const source of SOURCES) age(source, 7200);
    run();
    expect(builds()).toBe(1);
    const [sameHash, ...newRecords] = stamp();
    expect(sameHash).toBe(hash);
    expect(newRecords).not.toEqual(records);
    expect(newRecords.find((record) => record.startsWith('bench/main.ts '))).toBe(`bench/main.ts 20 ${statSync(join(root, 'bench/main.ts')).mtimeMs}`);
  });

  it('checks the content of a file written just before the last check, whose next write may keep its mtime', () => {
    write('bench/main.ts', 'export const b = 2;\n');
    run();
    expect(builds()).toBe(2);
    expect(readFileSync(join(root, 'dist', '.build-inputs'), 'utf8')).toMatch(/^bench\/main\.ts racy$/m);

    const { mtime } = statSync(join(root, 'bench/main.ts'));
    write('bench/main.ts', 'export const b = 3;\n');
    utimesSync(join(root, 'bench/main.ts'), mtime, mtime);
    run();
    expect(builds()).toBe(3);
  });

  it('builds when an output of the last build is missing, or dist/ is gone', () => {
    rmSync(join(root, 'dist/apps/ledger-cli/src/main.js'));
    run();
    expect(builds()).toBe(2);
    rmSync(join(root, 'dist'), { recursive: true });
    run();
    expect(builds()).toBe(3);
  });
});
