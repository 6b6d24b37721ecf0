/**
 * A programmer's assertion (TIGER_STYLE): what must hold whatever the input. A failure is a bug in
 * the caller or in the domain, never a refusal to show to a client, so it is a plain Error.
 */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
