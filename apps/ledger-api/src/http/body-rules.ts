import type { FieldError } from './api-error';

/** Rules a body must keep beyond its DTO's types (the wallet catalogue's), checked on the raw body. */
export type BodyRules = (body: Record<string, unknown>) => readonly FieldError[];

const BODY_RULES = Symbol('kassa:body-rules');

/**
 * Attaches the catalogue rules to a DTO so that the validation pipe can answer every broken field
 * at once: a body with a wrong type in one field and a broken wallet rule in another names both.
 * The controller still runs the same rules on the typed body, so nothing depends on this for safety.
 */
export function CheckedWith(rules: BodyRules): ClassDecorator {
  return (target) => {
    Object.defineProperty(target, BODY_RULES, { value: rules });
  };
}

export function bodyRulesOf(metatype: unknown): BodyRules | undefined {
  if (typeof metatype !== 'function') return undefined;
  return (metatype as unknown as Record<symbol, BodyRules | undefined>)[BODY_RULES];
}
