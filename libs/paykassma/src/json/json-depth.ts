/**
 * How deep JSON values may nest before anything recursive touches them. JSON.stringify (and so
 * the PHP-JSON signature input) recurses once per level; a body of 40,000 nested arrays, a few
 * dozen kilobytes, would overflow the stack. Nothing Paykassma sends or we accept nests past a few.
 */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests deeper than `maxDepth` (a scalar has depth 0). Iterative: safe at any depth. */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth + 1 > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
