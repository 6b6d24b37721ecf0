import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError } from './api-error';
import { inspectInput } from './input-rules';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.replace(/^\S+\s/, '') }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Multipart fields never pass the JSON body check at the edge (multer parses them in the route), so
 * every body, query and parameter is inspected here once more before any rule or handler runs.
 */
class InspectingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = inspectInput(value, metadata.type === 'body' ? '' : metadata.data ?? metadata.type);
      if (problem) throw ApiError.validation([problem]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * class-validator on every DTO: unknown fields are refused, nothing is coerced (a JSON number is
 * not a money string), and each failing field is named in the 400.
 */
export function createValidationPipe(): ValidationPipe {
  return new InspectingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ApiError.validation(flatten(errors)),
  });
}
