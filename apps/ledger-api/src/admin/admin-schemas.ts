import type { ApiResponseSchemaHost } from '@nestjs/swagger';

type SchemaObject = ApiResponseSchemaHost['schema'];

const position: SchemaObject = { type: 'object', required: ['commit', 'prepare'], properties: { commit: { type: 'string' }, prepare: { type: 'string' } } };

export const SUBSCRIPTION_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['name', 'kind', 'role', 'checkpoint', 'head', 'caughtUp', 'lagEvents'],
  properties: {
    name: { type: 'string' },
    kind: { type: 'string', enum: ['projection', 'process-manager'] },
    role: { type: 'string' },
    checkpoint: position,
    head: position,
    caughtUp: { type: 'boolean' },
    lagEvents: { type: 'integer', description: 'events behind the head (counted up to a cap, see lagEventsCapped)' },
    lagEventsCapped: { type: 'boolean' },
    consecutiveFailures: { type: 'integer' },
    lastError: { type: 'string', nullable: true },
    stalled: {
      type: 'object',
      nullable: true,
      description: 'set while this process\'s worker for it has made no progress for a while (a hung batch, checkpoint load or lock try); null otherwise',
      required: ['activity', 'since'],
      properties: {
        activity: {
          type: 'string',
          enum: ['taking-lock', 'following', 'loading-checkpoint', 'awaiting-events', 'applying-batch', 'stopping-subscription', 'exclusive-work'],
          description: 'what it was doing when it last made progress',
        },
        since: { type: 'string', format: 'date-time', description: 'when it last made progress' },
      },
    },
  },
};

export const SUBSCRIPTION_LIST_SCHEMA: SchemaObject = { type: 'object', required: ['data'], properties: { data: { type: 'array', items: SUBSCRIPTION_SCHEMA } } };

const MERCHANT_VERIFY_RUN_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['merchant', 'id', 'ok', 'startedAt', 'finishedAt', 'eventsReplayed', 'driftedTables', 'tables'],
  properties: {
    merchant: { type: 'string', description: 'The merchant whose rows this verdict covers' },
    id: { type: 'string' },
    ok: { type: 'boolean' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    eventsReplayed: { type: 'integer' },
    driftedTables: { type: 'array', items: { type: 'string' } },
    tables: {
      type: 'array',
      items: { type: 'object', properties: { table: { type: 'string' }, equal: { type: 'boolean' }, liveRows: { type: 'integer' }, replayRows: { type: 'integer' } } },
    },
  },
};

/** One merchant's verdict, or with `?merchant=*` (a key across merchants) every merchant's. */
export const VERIFY_RUN_SCHEMA: SchemaObject = {
  oneOf: [
    MERCHANT_VERIFY_RUN_SCHEMA,
    {
      type: 'object',
      required: ['ok', 'merchants'],
      properties: {
        ok: { type: 'boolean', description: 'Every merchant\'s read models equal the replay' },
        merchants: { type: 'array', items: MERCHANT_VERIFY_RUN_SCHEMA },
      },
    },
  ],
};

export const DEAD_LETTER_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          subscriber: { type: 'string' },
          eventId: { type: 'string' },
          streamId: { type: 'string' },
          eventType: { type: 'string' },
          position,
          attempts: { type: 'integer' },
          lastError: { type: 'string' },
          failedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};

export const DEAD_LETTER_RETRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'handled', 'attempts', 'lastError'],
  properties: { id: { type: 'string' }, handled: { type: 'boolean' }, attempts: { type: 'integer' }, lastError: { type: 'string', nullable: true } },
};
