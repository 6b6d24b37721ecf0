import { ValidateIf } from 'class-validator';

/**
 * A field that may be left out, but not sent as null: class-validator's @IsOptional() skips the
 * other rules for null too, and `"amount": null` would reach code that expects a string.
 */
export const OptionalField = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
