import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError } from './api-error';
import { bodyRulesOf } from './body-rules';
import { inspectInput } from './input-rules';

/** class-validator says "property foo should not exist"; a person reads that the field is unknown. */
const UNKNOWN_FIELD = 'is not a known field';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      // Its messages start with the property's name ("label must be a string"); the field is named apart.
      message: rule === 'whitelistValidation' ? UNKNOWN_FIELD : message.replace(/^\S+\s/, ''),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Adds the DTO's catalogue rules' findings for the fields the type checks did not already name. */
function withBodyRules(error: ApiError, value: unknown, metatype: unknown): ApiError {
  const rules = bodyRulesOf(metatype);
  if (!rules || !error.errors || typeof value !== 'object' || value === null || Array.isArray(value)) return error;
  const named = new Set(error.errors.map((fieldError) => fieldError.field));
  const more = rules(value as Record<string, unknown>).filter((fieldError) => !named.has(fieldError.field));
  return more.length > 0 ? ApiError.validation([...error.errors, ...more]) : error;
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
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (metadata.type === 'body' && error instanceof ApiError) throw withBodyRules(error, value, metadata.metatype);
      throw error;
    }
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
