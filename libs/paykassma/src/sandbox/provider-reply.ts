/** What a sandbox endpoint answers; the body may hold JsonNumbers (written verbatim). */
export interface ProviderReply {
  readonly httpStatus: number;
  readonly body: unknown;
}

export const ok = (body: unknown): ProviderReply => ({ httpStatus: 200, body });

/** The provider's documented failure; HTTP 200 like its other answers (the status field carries it). */
export const fail = (message: string | Record<string, string[]>): ProviderReply => ({ httpStatus: 200, body: { status: 'fail', message } });

/** Laravel-style validation messages, `{field: [messages]}`, as the provider's object `message`. */
export class ValidationMessages {
  private readonly messages: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.messages[field] ??= []).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.messages).length === 0;
  }

  reply(): ProviderReply {
    return fail(this.messages);
  }
}
