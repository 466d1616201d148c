import type { TillUserErrorCode } from './gql/graphql';

/** Every refusal the till can meet, as a sentence for the cashier (typed from the store's schema: a new code fails the build). */
export const TILL_MESSAGES: Record<TillUserErrorCode, (sku: string) => string> = {
  ALLOWANCE_EXCEEDED: (sku) =>
    `Not enough ${sku} set aside for this shop right now. Nothing was sold: try a smaller quantity, or wait a moment for more to be set aside.`,
  OFFLINE_ALLOWANCE_EXCEEDED: (sku) =>
    `The shop is offline and has no more ${sku} set aside to sell. Nothing was sold: try again when the connection is back.`,
  SALE_UNKNOWN: () => 'This till has no such sale, so nothing can be returned against it.',
  RETURN_EXCEEDS_SALE: (sku) => `That returns more ${sku} than the sale sold. Nothing was changed.`,
};

/** GraphQL errors the till may show (bad input, identity). */
export function errorSentence(code: string | undefined, fallback: string): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'Your till session has ended. Sign in again to go on selling.';
    case 'FORBIDDEN':
      return 'This till session is not for this shop. Sign in again.';
    case 'INVALID_SKU':
      return 'That is not a sku: use letters, digits, ".", "_", ":" or "-".';
    case 'INVALID_QUANTITY':
      return 'Enter a quantity from 1 to 100,000.';
    default:
      return fallback;
  }
}
