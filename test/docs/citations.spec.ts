import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['README.md', 'apps', 'libs', 'bench', 'docs', 'scripts', 'test'];
const SKIPPED = new Set(['node_modules', 'dist', '.data']);
const TEXT = /\.(ts|tsx|mts|mjs|js|md|json|html|css)$/;
const THIS_FILE = relative(ROOT, __filename);

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .filter((entry) => !SKIPPED.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? files(join(path, entry.name)) : TEXT.test(entry.name) ? [join(path, entry.name)] : []));
}

const sources = SCANNED.flatMap(files).filter((file) => file !== THIS_FILE && !file.endsWith('results.json'));
const text = new Map(sources.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));

function occurrences(pattern: RegExp): { file: string; match: RegExpExecArray }[] {
  const found: { file: string; match: RegExpExecArray }[] = [];
  for (const [file, content] of text) for (const match of content.matchAll(new RegExp(pattern.source, 'g'))) found.push({ file, match: match as RegExpExecArray });
  return found;
}

/** A clone holds the repository only: every document the code and the README point at is in it. */
describe('Documentation citations', () => {
  it('never point outside the repository', () => {
    const outside = occurrences(/\.\.\/shared\/[A-Za-z]+\.md|\/work\/shared|PRODUCT\.md|FACTS\.md|FACTS §|ARCHITECTURE(\.md| invariant)/)
      .map(({ file, match }) => `${file}: ${match[0]}`);
    expect(outside).toEqual([]);
  });

  it('name documents that exist', () => {
    const missing = occurrences(/\bdocs\/[\w-]+\.md/).filter(({ match }) => !existsSync(join(ROOT, match[0]))).map(({ file, match }) => `${file}: ${match[0]}`);
    expect(missing).toEqual([]);
  });

  it('name sections of the provider notes and invariants of the architecture that exist', () => {
    const notes = readFileSync(join(ROOT, 'docs/paykassma.md'), 'utf8');
    const sections = new Set([...notes.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));
    const badSections = occurrences(/docs\/paykassma\.md ((?:§[\d.]*\d(?:, )?)+)/)
      .flatMap(({ file, match }) => [...match[1].matchAll(/§([\d.]*\d)/g)].map((m) => ({ file, section: m[1] })))
      .filter(({ section }) => !sections.has(section))
      .map(({ file, section }) => `${file}: §${section}`);
    expect(badSections).toEqual([]);

    const architecture = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const invariants = new Set([...architecture.slice(architecture.indexOf('## Invariants')).matchAll(/^(\d+)\. \*\*/gm)].map((m) => m[1]));
    const badInvariants = occurrences(/docs\/architecture\.md, invariants? (\d+)(?: and (\d+))?/)
      .flatMap(({ file, match }) => [match[1], match[2]].filter(Boolean).map((n) => ({ file, n: n as string })))
      .filter(({ n }) => !invariants.has(n))
      .map(({ file, n }) => `${file}: invariant ${n}`);
    expect(badInvariants).toEqual([]);
    expect(invariants.size).toBe(8);
  });
});
