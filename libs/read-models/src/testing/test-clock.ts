/** Test-only: decision times that move only when told, so tests can name the moments between events. */
export class TestClock {
  private currentMs: number;

  constructor(start = '2024-05-01T10:00:00.000Z') {
    this.currentMs = Date.parse(start);
  }

  now(): string {
    return new Date(this.currentMs).toISOString();
  }

  /** Moves on and answers the new time. */
  advance(ms = 60_000): string {
    this.currentMs += ms;
    return this.now();
  }
}
