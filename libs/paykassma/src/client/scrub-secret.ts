/** Replaces the value of every `secret=` query parameter, so a URL can go into a log or an error. */
export function scrubSecret(text: string): string {
  return text.replace(/([?&]secret=)[^&#\s]*/gi, '$1***');
}
