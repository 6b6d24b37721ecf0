import { readFileSync, writeFileSync } from 'node:fs';

export const README_START = '<!-- bench:results:start (written by npm run bench; edit bench/report.ts, not this block) -->';
export const README_END = '<!-- bench:results:end -->';

/**
 * Puts the run's table between the README's two markers, leaving everything else as it is. A README
 * without the markers is left alone and the caller is told (false).
 */
export function updateReadme(readmePath: string, table: string): boolean {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return false;
  const updated = `${text.slice(0, start + README_START.length)}\n\n${table}\n\n${text.slice(end)}`;
  writeFileSync(readmePath, updated);
  return true;
}
