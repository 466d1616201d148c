/**
 * A business outcome a caller should handle (insufficient stock, a stale `changeFrom`),
 * reported in a payload's `userErrors` rather than as a GraphQL error. Each service
 * narrows `Code` to its own string-literal union.
 */
export interface UserError<Code extends string = string> {
  code: Code;
  message: string;
  /** Path of the input field it concerns, such as `input.lines.0.quantity`; null for the whole request. */
  field: string | null;
}

export function userError<Code extends string>(
  code: Code,
  message: string,
  field: string | null = null,
): UserError<Code> {
  return { code, message, field };
}
