import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiError } from '../http/api-error';

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

/** The built console's files; a clear 404 when the console was never built. */
export class ConsoleFiles {
  constructor(readonly root: string) {}

  /** `file` relative to the root, checked to exist; the caller has already restricted its name. */
  existing(file: string): string {
    if (!existsSync(join(this.root, 'index.html'))) {
      throw new ApiError(404, 'NOT_FOUND', 'The console is not built', 'run `npm run build` (or `npm run build:console`) to build the finance console');
    }
    if (!existsSync(join(this.root, file))) throw ApiError.notFound('Console asset', file);
    return file;
  }
}
