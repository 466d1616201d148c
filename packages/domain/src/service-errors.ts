import { DomainError, type ErrorCategory } from './domain-error';
import { userError, type UserError } from './user-error';

/** The error class `serviceErrors` makes: a `DomainError` whose code is one of the service's. */
export type ServiceErrorClass<Code extends string> = new (
  code: Code,
  message: string,
  field?: string,
  category?: ErrorCategory,
) => DomainError<Code>;

/**
 * A service's two kinds of error, narrowed to its own codes: the error it throws for bad
 * input and missing things (`ErrorCode`; the GraphQL layer makes it an error with
 * `extensions.code`, BAD_USER_INPUT unless a category says otherwise), and the builder of
 * the business outcomes it reports in payloads (`UserErrorCode`, in `userErrors`).
 */
export function serviceErrors<ErrorCode extends string, UserErrorCode extends string = never>(): {
  ServiceError: ServiceErrorClass<ErrorCode>;
  userError: (code: UserErrorCode, message: string, field?: string | null) => UserError<UserErrorCode>;
} {
  class ServiceError extends DomainError<ErrorCode> {
    constructor(code: ErrorCode, message: string, field?: string, category: ErrorCategory = 'BAD_USER_INPUT') {
      super(code, message, field, category);
    }
  }
  return { ServiceError, userError: (code, message, field = null) => userError(code, message, field) };
}
