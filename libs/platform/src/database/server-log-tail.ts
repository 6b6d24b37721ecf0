/**
 * The last lines PostgreSQL wrote to stderr, kept so that a failed start or a death can be told
 * in the server's own words ("FATAL:  lock file … already exists", "PANIC: …").
 */
/** What every backend says when the server under it dies: an echo of the death, not its cause. */
const BACKEND_ECHO = /terminating connection due to (unexpected postmaster exit|administrator command)/;

export class ServerLogTail {
  private static readonly MAX_LINES = 40;
  private lines: string[] = [];

  add(chunk: string): void {
    for (const line of chunk.split('\n')) {
      const text = line.replace(/^\[STDERR\]\s*/, '').trim();
      if (text) this.lines.push(text);
    }
    if (this.lines.length > ServerLogTail.MAX_LINES) this.lines = this.lines.slice(-ServerLogTail.MAX_LINES);
  }

  clear(): void {
    this.lines = [];
  }

  /**
   * The FATAL/PANIC/ERROR lines with their HINT/DETAIL and the LOG lines that name a cause (a bad
   * setting is logged as "LOG: invalid value for parameter …" before "FATAL: configuration file …
   * contains errors"), else the last line; '' when nothing was said.
   */
  explanation(): string {
    const serious = this.lines.filter(
      (line) => /\b(FATAL|PANIC|ERROR|HINT|DETAIL):|\bLOG:\s+(invalid|could not|syntax error)/.test(line) && !BACKEND_ECHO.test(line),
    );
    const chosen = serious.length > 0 ? serious.slice(-4) : this.lines.slice(-1);
    return chosen.map((line) => line.replace(/^.*?\b(FATAL|PANIC|ERROR|HINT|DETAIL|LOG):\s*/, '$1: ')).join(' ');
  }
}
