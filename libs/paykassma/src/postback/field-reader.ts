/** Typed reads from an untrusted object, collecting one error per bad path instead of throwing. */
export class FieldReader {
  constructor(
    private readonly source: Readonly<Record<string, unknown>>,
    private readonly path: string,
    readonly errors: { field: string; message: string }[],
  ) {}

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, message: string): void {
    this.errors.push({ field: this.at(key), message });
  }

  string(key: string): string {
    const value = this.source[key];
    if (typeof value === 'string') return value;
    this.fail(key, value === undefined ? 'is missing' : 'must be a string');
    return '';
  }

  nonEmptyString(key: string): string {
    const value = this.string(key);
    if (value === '' && typeof this.source[key] === 'string') this.fail(key, 'must not be empty');
    return value;
  }

  /** string | null; a missing key reads as null (older payloads omit some fields). */
  nullableString(key: string): string | null {
    const value = this.source[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    this.fail(key, 'must be a string or null');
    return null;
  }

  nullableInt(key: string): number | null {
    const value = this.source[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.fail(key, 'must be an integer or null');
    return null;
  }

  object(key: string): Record<string, unknown> | null {
    const value = this.source[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(key, 'must be an object');
    return null;
  }
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
