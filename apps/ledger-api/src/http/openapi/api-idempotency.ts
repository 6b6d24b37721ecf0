import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from './api-problems';

/** A POST that creates something: the Idempotency-Key header and the answers it can cause (docs/api.md, "Idempotency"). */
export function ApiIdempotent(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'one per business action, 1 to 255 visible ASCII characters; the same key and request answer the first response again',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    }),
    ApiProblems(409, 422),
  );
}
