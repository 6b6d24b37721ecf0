import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, problemResponse } from '../http/openapi/api-problems';

/** The fields of one signed record (docs/paykassma.md §3.3); any JSON value, as the provider sends them (often null or ""). */
const RECORD_FIELDS = [
  'activated_datetime', 'exchanger_identifier', 'comment', 'amount', 'currency_code', 'wallet_type', 'stockpiling_id',
  'transaction_id', 'transaction_type', 'plugin_custom_order_id', 'withdrawal_id', 'withdrawal_status',
  'account_number', 'account_name', 'account_email', 'bank_details',
];

/**
 * The postback endpoint as Paykassma (its caller) sees it: no API key, the signature over
 * `additional_data` authenticates the body, and only `200 {"status":"ok"}` stops its retries.
 */
export function ApiPostback(operationId: string, summary: string): MethodDecorator {
  return applyDecorators(
    ApiTags('provider'),
    ApiOperation({
      operationId,
      summary,
      description:
        'Called by Paykassma, not by merchants: configure this URL as the account’s postback URL. No API key: the body’s ' +
        '`signature` (sha1 of the postback access key, private key and md5 of `additional_data` as JSON) is checked, and only ' +
        '`additional_data` is trusted. Any content type is read as the raw body. The answer comes after every signed record is ' +
        'committed; a duplicate is answered the same and changes nothing.',
      security: [],
    }),
    ApiBody({
      required: true,
      description: 'The provider’s JSON postback (docs/paykassma.md §3.3)',
      schema: {
        type: 'object',
        required: ['access_key', 'signature', 'additional_data'],
        properties: {
          access_key: { type: 'string' },
          signature: { type: 'string' },
          direction: { type: 'string', enum: ['ingoing', 'outgoing'] },
          label: { type: 'string', description: 'unsigned: never decides anything' },
          additional_data: {
            type: 'array',
            items: { type: 'object', properties: Object.fromEntries(RECORD_FIELDS.map((field) => [field, { description: 'any JSON value, null included' }])) },
          },
        },
        additionalProperties: true,
      },
    }),
    ApiOkResponse({
      description: 'Accepted (or a duplicate): Paykassma stops sending it',
      schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
    }),
    problemResponse(400, 'The body is not a postback (MALFORMED_POSTBACK); Paykassma may send it again'),
    problemResponse(401, 'The signature or access key is wrong (INVALID_SIGNATURE); nothing changed'),
    ApiProblems(413),
  );
}
