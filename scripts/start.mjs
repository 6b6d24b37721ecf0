// `npm start`: a build when a source changed since the last one (build-inputs.mjs), then the service,
// in this same process (a second Node process would only add its own start-up time).
import { createRequire } from 'node:module';
import { buildIfChanged } from './build-inputs.mjs';

if (!buildIfChanged()) process.exit(1);
createRequire(import.meta.url)('../dist/apps/ledger-api/src/main.js');
