import { MAX_JSON_DEPTH } from '@kassa/paykassma';
import { hasUnsafeText } from '@kassa/read-models';
import type { FieldError } from './api-error';


/** Keys that reach Object.prototype in code that copies objects; no field of ours is named so. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function unsafeTextRule(text: string): string | null {
  return hasUnsafeText(text) ? 'must not contain NUL characters or unpaired UTF-16 surrogates' : null;
}

/**
 * The first thing wrong with a parsed body (or a query, or path parameters), as a field error:
 * nesting past MAX_JSON_DEPTH, a prototype key, or unsafe text in a key or a string. Iterative,
 * so any depth is safe to inspect; runs before anything recursive (hashing, validation) sees the body.
 */
export function inspectInput(value: unknown, root: string): FieldError | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const rule = unsafeTextRule(current);
      if (rule) return { field: path, message: rule };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > MAX_JSON_DEPTH) return { field: path, message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    for (const key of Object.keys(current)) {
      const childPath = Array.isArray(current) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) return { field: childPath, message: 'is not an accepted field name' };
      const rule = unsafeTextRule(key);
      if (rule) return { field: path || 'body', message: `field names ${rule}` };
      pending.push({ value: (current as Record<string, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
  return null;
}
