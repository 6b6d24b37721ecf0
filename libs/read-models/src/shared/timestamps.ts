/**
 * Read models hand timestamps around as PostgreSQL's exact microsecond text
 * ("2024-05-01T10:00:00.123456Z"), or as the domain's own ISO text when a row is folded straight from
 * events; responses use JavaScript's millisecond form ("2024-05-01T10:00:00.123Z"). Truncation, not
 * rounding, so a time shown is never after the time stored.
 */
const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

export function toIsoMillis(utcText: string): string {
  const match = ISO_UTC.exec(utcText);
  if (!match) throw new Error(`not an ISO-8601 UTC time: ${utcText}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

export function toNullableIsoMillis(utcText: string | null): string | null {
  return utcText === null ? null : toIsoMillis(utcText);
}
