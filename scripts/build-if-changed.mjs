// `npm start` runs this before the service: it builds only when an input of the build changed since
// the last successful build, so a restart starts at once and a fresh clone builds once.
// The stamp lives inside dist/: deleting dist/ forces a build. Inputs are hashed by content (mtimes
// change on checkout and copy), about 2 MB, a few milliseconds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-inputs');
/** What the build must have produced; a missing one means the last build did not finish. */
const OUTPUTS = ['dist/apps/ledger-api/src/main.js', 'dist/apps/ledger-cli/src/main.js'];
const SOURCE_DIRS = ['apps', 'libs', 'bench'];
const SOURCE_FILE = /\.(ts|tsx|mts|cts|html|css)$|(^|\/)tsconfig[^/]*\.json$/;
const ROOT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.data']);

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourceFiles(path));
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

function inputsHash() {
  const files = [
    ...ROOT_FILES.map((name) => join(ROOT, name)).filter((path) => existsSync(path)),
    ...SOURCE_DIRS.flatMap((dir) => (existsSync(join(ROOT, dir)) ? sourceFiles(join(ROOT, dir)) : [])),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const current = inputsHash();
const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
if (built === current && OUTPUTS.every((output) => existsSync(join(ROOT, output)))) process.exit(0);

process.stderr.write(built === null ? 'building (no previous build)…\n' : 'sources changed since the last build: building…\n');
try {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
} catch {
  process.exit(1);
}
writeFileSync(STAMP, `${current}\n`);
