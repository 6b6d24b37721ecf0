/** A setting that is missing or malformed: the message is the one line printed before exiting. */
export class ConfigError extends Error {
  constructor(variable: string, rule: string, value?: string) {
    super(`configuration: ${variable} ${rule}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
    this.name = 'ConfigError';
  }
}
