/**
 * An error caused by the user's input (config, data file, command line), not by a bug.
 * The CLI prints only its message and exits with code 2, without a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}
