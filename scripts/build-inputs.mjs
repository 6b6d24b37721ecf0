// buildIfChanged(): `npm start` (scripts/start.mjs), `npm run bench` and `npm run demo` build only
// when an input of the build changed since the last successful build, so a restart starts at once
// and a fresh clone builds once. The stamp lives inside dist/: deleting dist/ forces a build.
// What decides is the inputs' content (mtimes change on checkout and copy, contents do not): the
// stamp keeps their content hash and, beside it, each file's size and mtime. When every file is
// still there with the size and mtime recorded, nothing wrote to it since and its content is not
// read again (reading and hashing about 3 MB is most of the check's time); when anything differs,
// the content hash decides. As for make and git: a write that keeps a file's size and sets its mtime
// back to the recorded one on purpose (touch -d, cp -p) is not seen; delete dist/ after one.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-inputs');
/** What the build must have produced; a missing one means the last build did not finish. */
const OUTPUTS = ['dist/apps/ledger-api/src/main.js', 'dist/apps/ledger-cli/src/main.js'];
const SOURCE_DIRS = ['apps', 'libs', 'bench'];
const SOURCE_FILE = /\.(ts|tsx|mts|cts|html|css)$|(^|\/)tsconfig[^/]*\.json$/;
const ROOT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.data']);
/**
 * A file written this close to the moment its mtime was read may be written again within the same
 * clock tick, leaving size and mtime as recorded: such a file's record is not trusted next time.
 */
const RACY_MS = 2_000;

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

function inputFiles() {
  return [
    ...ROOT_FILES.map((name) => join(ROOT, name)).filter((path) => existsSync(path)),
    ...SOURCE_DIRS.flatMap((dir) => (existsSync(join(ROOT, dir)) ? sourceFiles(join(ROOT, dir)) : [])),
  ].sort();
}

function contentHash(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** "path size mtime" per file, taken before the content is read (a write in between shows next time); racy files get no record. */
function fileRecords(files) {
  const now = Date.now();
  return files.map((file) => {
    const { size, mtimeMs } = statSync(file);
    return now - mtimeMs < RACY_MS ? `${relative(ROOT, file)} racy` : `${relative(ROOT, file)} ${size} ${mtimeMs}`;
  });
}

/** The stamp: the content hash on the first line, then the file records. */
function readStamp() {
  if (!existsSync(STAMP)) return null;
  const [hash = '', ...records] = readFileSync(STAMP, 'utf8').trim().split('\n');
  return { hash, records };
}

function writeStamp(hash, records) {
  writeFileSync(STAMP, `${[hash, ...records].join('\n')}\n`);
}

function unchangedSince(stamp, records) {
  return stamp.records.length === records.length && records.every((record, i) => record === stamp.records[i] && !record.endsWith(' racy'));
}

/** Builds when an input changed since the last build; false when the build failed. */
export function buildIfChanged() {
  const files = inputFiles();
  const records = fileRecords(files);
  const stamp = readStamp();
  const outputsThere = OUTPUTS.every((output) => existsSync(join(ROOT, output)));
  if (stamp !== null && outputsThere && unchangedSince(stamp, records)) return true;

  const current = contentHash(files);
  if (stamp?.hash === current && outputsThere) {
    // Same content, new mtimes (a checkout, a copy, a touch): remember them, so that next time is quick.
    writeStamp(current, records);
    return true;
  }
  process.stderr.write(stamp === null ? 'building (no previous build)…\n' : 'sources changed since the last build: building…\n');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    return false;
  }
  writeStamp(current, records);
  return true;
}
