/**
 * Lets a child node process run the TypeScript sources as they are (no build), for tests that need
 * the service as a real process (to kill it): `node -r ./test/support/ts-register.js apps/…/main.ts`.
 * Transpile-only with the project's compiler options (the project compiles with isolatedModules, so
 * each file stands alone); the @kassa/* aliases resolve as in tsconfig.json.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
const typescriptVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;

let compiler; // loaded on the first file not in the cache: loading TypeScript costs a second
function typescript() {
  if (!compiler) {
    const ts = require('typescript');
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    compiler = { ts, options: { ...options, sourceMap: false, inlineSourceMap: true, declaration: false, noEmit: false } };
  }
  return compiler;
}

const aliases = new Map(
  Object.entries(config.compilerOptions.paths).map(([name, [target]]) => [name, path.join(root, target)]),
);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

// Transpiled files are kept by content hash: a test that starts the service several times pays once.
const cacheDir = path.join(root, '.test-data', 'ts-cache');
fs.mkdirSync(cacheDir, { recursive: true });

function transpile(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(typescriptVersion).update(filename).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const { ts, options } = typescript();
    const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, cached); // whole files only, also with two processes at once
    return outputText;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(transpile(filename), filename);
};
