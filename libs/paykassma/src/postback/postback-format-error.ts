/** A postback whose structure we cannot use; `errors` names each offending path (e.g. additional_data[0].amount). */
export class PostbackFormatError extends Error {
  constructor(readonly errors: readonly { readonly field: string; readonly message: string }[]) {
    super(`malformed postback: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    this.name = 'PostbackFormatError';
  }
}
