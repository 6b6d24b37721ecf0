import type { LoggerService, LogLevel } from '@nestjs/common';

/** Nest's start-up narration: one line per module and per route ("Mapped {/v1/deposits, POST} route"). */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

function isNarration(params: readonly unknown[]): boolean {
  const context = params[params.length - 1];
  return typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context);
}

/**
 * The Nest logger with the framework's informational start-up lines left out: they are about 40
 * lines of noise in a JSON log an operator reads. Warnings and errors from Nest still pass, and
 * so does everything the application logs.
 */
export class QuietFrameworkLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...params: unknown[]): void {
    if (!isNarration(params)) this.inner.log(message, ...params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    if (!isNarration(params)) this.inner.verbose?.(message, ...params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    if (!isNarration(params)) this.inner.debug?.(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.inner.setLogLevels?.(levels);
  }
}
