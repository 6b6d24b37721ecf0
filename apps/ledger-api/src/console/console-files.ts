import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where `npm run build:console` puts the finance console: dist/console under the project root (the
 * folder holding package.json), found from this file so that the compiled service (dist/apps/...)
 * and the tests (run from source) serve the same build.
 */
export function consoleBuildDirectory(start: string = __dirname): string {
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return join(start, 'console');
    directory = parent;
  }
  return join(directory, 'dist', 'console');
}
