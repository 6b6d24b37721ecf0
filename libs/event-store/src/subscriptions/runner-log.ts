/** The two levels the runners report at, pino-shaped (details first). */
export interface RunnerLog {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}
