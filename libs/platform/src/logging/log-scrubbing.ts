import { maskTransactionIdsIn, maskTransactionNumber } from '@kassa/kernel';
import { stdSerializers } from 'pino';

/** Fields that hold a player's transaction number: logged masked (last four characters). */
const TRANSACTION_FIELDS = ['transactionId', 'key1', 'providerTransactionId'];

/** Fields that never reach a log line at all: credentials, signatures, raw bodies, SQL parameters. */
const SECRET_FIELDS = ['secret', 'privateKey', 'postbackPrivateKey', 'pluginApiSecret', 'withdrawalKey', 'password', 'signature', 'rawBody', 'parameters'];

/** pino redact paths (a field at the top of a line or one level down). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...[...SECRET_FIELDS, ...TRANSACTION_FIELDS].flatMap((field) => [field, `*.${field}`]),
];

/** What a redacted path shows: a transaction number masked, anything else replaced. */
export function censor(value: unknown, path: string[]): unknown {
  const field = path[path.length - 1];
  if (TRANSACTION_FIELDS.includes(field) && typeof value === 'string') return maskTransactionNumber(value);
  return '[Redacted]';
}

/**
 * Properties of database errors that carry the values of a statement: the bound parameters
 * (TypeORM's QueryFailedError keeps them, with the driver's error beside), and PostgreSQL's
 * `detail` and `where` ("Key (transaction_id)=(…) already exists"). The message, code, constraint
 * and table stay: they say what went wrong without the data.
 */
const STATEMENT_VALUES = ['parameters', 'driverError', 'detail', 'where', 'internalQuery', 'query'];

/** pino's error serializer without a statement's values, its cause scrubbed the same way. */
export function scrubbedError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of STATEMENT_VALUES) delete serialized[key];
  const cause = serialized['cause'];
  if (cause && typeof cause === 'object') {
    const scrubbedCause = { ...(cause as Record<string, unknown>) };
    for (const key of STATEMENT_VALUES) delete scrubbedCause[key];
    serialized['cause'] = scrubbedCause;
  }
  return serialized;
}

/**
 * The last pass over a finished line: a transaction number inside an id (a stream name in an error
 * message or stack, a deposit id of an unmatched postback) is masked wherever it appears.
 */
export function scrubLine(line: string): string {
  return maskTransactionIdsIn(line);
}
