// `npm run bench` and `npm run demo` run this first: a build only when a source changed (build-inputs.mjs).
import { buildIfChanged } from './build-inputs.mjs';

if (!buildIfChanged()) process.exit(1);
