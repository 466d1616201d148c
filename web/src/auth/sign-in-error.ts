/** What sign-in, sign-up or a session's renewal answers with when it refuses, in words a person can act on. */
export class SignInError extends Error {
  /**
   * @param message the sentence to show
   * @param code the API's code (`INVALID_CREDENTIALS`, `EMAIL_TAKEN`, …) when it gave one, so a page can offer a way on
   */
  constructor(
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}
