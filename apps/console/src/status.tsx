import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-load';

/** Loading and error states, announced to screen readers; the content once loaded. */
export function Status<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p role="status" class="muted">Loading…</p>;
  if (loaded.state === 'error') return <p role="alert" class="error">{loaded.message}</p>;
  return <>{children(loaded.value)}</>;
}

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return <time dateTime={iso} title={iso}>{new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}</time>;
}
