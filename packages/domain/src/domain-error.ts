/**
 * How a caller should treat an error, independent of its specific code.
 * The GraphQL layer turns this into `extensions.category`.
 */
export type ErrorCategory =
  'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'UNAVAILABLE';

/**
 * The one base for errors raised by stockgraph's own rules: a stable machine-readable
 * `code` (each service narrows it to its own string-literal union) and a message a
 * person can act on. Every subclass keeps this argument order: code, message, field, category. It knows nothing of GraphQL; `server/format-error.ts` converts it.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** The input field at fault, as a path like `input.lines.2.quantity`. */
    readonly field?: string,
    readonly category: ErrorCategory = 'BAD_USER_INPUT',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Makes a `switch` over a union exhaustive: the call only compiles when `value` is `never`. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
