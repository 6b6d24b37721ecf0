/** A refused control call: 400 bad input, 404 unknown id, 409 wrong state. */
export class SandboxControlError extends Error {
  constructor(readonly httpStatus: 400 | 404 | 409, message: string) {
    super(message);
    this.name = 'SandboxControlError';
  }
}
