import type { ApolloError } from '@apollo/client';
import type { InventoryUserErrorCode, OrderUserErrorCode } from '../gql/graphql';

/**
 * Every error code a page can meet, as one sentence a person can act on. The business
 * outcomes are typed from the schema: a new code in the API fails the build until it has
 * its sentence here.
 */

/** What a sentence may name: the product a line is for, when the error points at one. */
export interface ErrorContext {
  productName?: string;
}

const ORDER_OUTCOMES: Record<OrderUserErrorCode, (context: ErrorContext) => string> = {
  INSUFFICIENT_STOCK: ({ productName }) =>
    `${productName ?? 'One of your items'} has just sold out, or has fewer units left than you asked for. Nothing was held or charged: lower the quantity or remove it, then try again.`,
  RESERVATION_EXPIRED: () =>
    'The time to pay for this order ran out and its items went back on sale. Nothing was charged: place the order again to hold them.',
  RESERVATION_RELEASED: () =>
    'The items held for this order were released, so it can no longer be paid. Nothing was charged.',
  ORDER_ALREADY_CONFIRMED: () => 'This order is already paid and confirmed.',
  ORDER_NOT_CONFIRMABLE: () => 'This order is not waiting for payment any more, so it cannot be paid.',
  ORDER_NOT_CANCELLABLE: () => 'This order can no longer be cancelled.',
  HOLD_LIFETIME_EXCEEDED: () =>
    'Your items have been held for as long as we can hold them. Nothing was charged: pay now, or place the order again.',
};

const INVENTORY_OUTCOMES: Record<InventoryUserErrorCode, (context: ErrorContext) => string> = {
  INSUFFICIENT_STOCK: ({ productName }) =>
    `There is not enough ${productName ?? 'stock'} available for that. Nothing was changed.`,
  CHANGE_FROM_STALE: () =>
    'Someone else changed this stock after you loaded it. Nothing was changed: check the figure now shown and try again.',
  ADJUSTMENT_OUT_OF_RANGE: () =>
    'That change would take the quantity below zero or past the largest quantity allowed. Nothing was changed.',
  RESERVATION_EXPIRED: () => 'This hold has already expired; its units are back on sale.',
  RESERVATION_RELEASED: () => 'This hold was already released.',
  RESERVATION_ALREADY_CONFIRMED: () => 'This hold was already sold, so it cannot be released.',
  SALE_UNKNOWN: () =>
    'The centre has no record of that sale at this shop, so it cannot be returned. Nothing was changed.',
  RETURN_EXCEEDS_SALE: ({ productName }) =>
    `That returns more ${productName ?? 'units'} than the sale sold (earlier returns counted). Nothing was changed.`,
  HOLD_LIFETIME_EXCEEDED: () =>
    'This hold has lasted as long as a hold may (RESERVATION_MAX_LIFETIME_SECONDS). Nothing was changed: sell it now, or reserve again.',
};

/** Codes of GraphQL errors (bad input, identity, limits, outages) a page may show. */
const API_ERRORS: Record<string, string> = {
  UNAUTHENTICATED: 'Please sign in (again) to do this.',
  FORBIDDEN: 'Your account is not allowed to do this.',
  RATE_LIMITED: 'Too many requests from you just now: wait a few seconds and try again.',
  UPSTREAM_TIMEOUT: 'Part of the shop took too long to answer. Nothing was lost: try again in a moment.',
  UNAVAILABLE: 'Part of the shop is not answering right now. Try again in a moment.',
  ORDER_IN_FLIGHT: 'This order is still being updated. Try again in a moment.',
  WRITE_CONTENTION: 'Many people are buying this right now and nothing was changed. Try again in a moment.',
  UNKNOWN_SKU: 'One of the products is no longer sold here: remove it from your cart.',
  INVALID_QUANTITY: 'One of the quantities is not allowed: use a whole number from 1 to 99.',
  EMPTY_ORDER: 'Your cart is empty.',
  TOO_MANY_ITEMS: 'Your cart holds more products than one order can take.',
  DUPLICATE_ITEM: 'A product appears twice in your cart: keep one line per product.',
  IDEMPOTENCY_KEY_REUSED: 'This request was already sent with different contents. Reload the page and try again.',
  DEAD_LETTERS_UNAVAILABLE:
    'The dead letters cannot be read just now (the event bus is not reachable). Try again shortly.',
  DEAD_LETTER_NOT_FOUND: 'One of the chosen letters is no longer held here. Refresh the list and choose again.',
  INVALID_DEAD_LETTER_SELECTION: 'Choose between 1 and 100 letters, or one reason.',
  INVALID_REASON: 'Say why, in 1 to 500 characters without line breaks: it is recorded.',
};

/**
 * Codes the accounts API refuses sign-up, sign-in and session renewal with (GraphQL errors'
 * `extensions.code`; RATE_LIMITED is the gateway's, per address). Not in the schema, so listed here.
 */
export type AccountErrorCode =
  | 'INVALID_EMAIL'
  | 'WEAK_PASSWORD'
  | 'INVALID_DISPLAY_NAME'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'SIGN_IN_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'ACCOUNTS_BUSY'
  | 'RATE_LIMITED'
  | 'INVALID_REFRESH_TOKEN'
  | 'REFRESH_TOKEN_REUSED';

/** What the page says when a session could not be renewed and is over. */
export const SESSION_ENDED = 'Your session ended; sign in again.';

/** The server's own words as a sentence: its messages are lower-case clauses ("try again in 15 minutes"). */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

// Where the server's message says something only it knows (how long a lock lasts, which rule a password breaks), it is used.
const ACCOUNT_ERRORS: Record<AccountErrorCode, (serverMessage: string) => string> = {
  INVALID_EMAIL: () => 'That is not an email address we can use: type one like name@example.com.',
  WEAK_PASSWORD: (server) => sentence(server) || 'Choose a longer password that is not a common word or your email.',
  INVALID_DISPLAY_NAME: (server) => sentence(server) || 'That display name cannot be used: choose another.',
  EMAIL_TAKEN: () => 'An account with this email already exists: sign in with it instead.',
  INVALID_CREDENTIALS: () => 'Wrong email or password. Check both and try again.',
  SIGN_IN_LOCKED: (server) =>
    sentence(server) || 'Too many failed attempts for this email: try again in a few minutes.',
  ACCOUNT_DISABLED: () => 'This account is disabled. Contact the shop to have it enabled again.',
  ACCOUNTS_BUSY: () => 'Signing in is busy just now. Nothing was changed: try again in a few seconds.',
  RATE_LIMITED: (server) => {
    const seconds = /(\d+)\s*s\b/.exec(server)?.[1];
    return `Too many sign-in attempts from your network just now: wait ${seconds ? `${seconds} seconds` : 'a minute'} and try again.`;
  },
  INVALID_REFRESH_TOKEN: () => SESSION_ENDED,
  REFRESH_TOKEN_REUSED: () => SESSION_ENDED,
};

function isAccountErrorCode(code: string): code is AccountErrorCode {
  return Object.hasOwn(ACCOUNT_ERRORS, code);
}

/** A refused sign-up, sign-in or renewal as a sentence, from the error's code and the server's message. */
export function accountErrorMessage(code: string, serverMessage: string): string {
  if (isAccountErrorCode(code)) return ACCOUNT_ERRORS[code](serverMessage);
  return API_ERRORS[code] ?? (sentence(serverMessage) || 'Signing in failed. Try again.');
}

/** The product a `field` such as `input.lines.2.quantity` points at, by line position. */
export function lineIndexOf(field: string | null | undefined): number | null {
  const match = /\.(?:lines|items)\.(\d+)/.exec(field ?? '');
  return match ? Number(match[1]) : null;
}

export function orderOutcomeMessage(code: OrderUserErrorCode, context: ErrorContext = {}): string {
  return ORDER_OUTCOMES[code](context);
}

export function inventoryOutcomeMessage(code: InventoryUserErrorCode, context: ErrorContext = {}): string {
  return INVENTORY_OUTCOMES[code](context);
}

/** A failed request as a sentence: the API's code when there is one, else what went wrong with the connection. */
export function apiErrorMessage(error: ApolloError | Error): string {
  const apollo = error as Partial<ApolloError>;
  const first = apollo.graphQLErrors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : '';
    return API_ERRORS[code] ?? `The shop could not do this: ${first.message}`;
  }
  const status = (apollo.networkError as { statusCode?: number } | null | undefined)?.statusCode;
  if (status === 429) return API_ERRORS.RATE_LIMITED;
  if (status === 401) return API_ERRORS.UNAUTHENTICATED;
  if (apollo.networkError) return 'The shop could not be reached. Check your connection and try again.';
  return `Something went wrong: ${error.message}`;
}

/**
 * Runs a request and says in one sentence what stopped it: the sentence `outcome` makes of
 * its answer (its first user error), or the failed request's. Null when it went through.
 */
export async function problemOf<T>(
  request: () => Promise<T>,
  outcome: (answer: T) => string | null,
): Promise<string | null> {
  let answer: T;
  try {
    answer = await request();
  } catch (error) {
    return apiErrorMessage(error as Error);
  }
  return outcome(answer);
}
