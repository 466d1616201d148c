export {
  ANONYMOUS,
  type Caller,
  ROLES,
  type Role,
  actorOf,
  forbidden,
  hasRole,
  isAnonymous,
  mayActAt,
  ownsOrOperates,
  requireLocation,
  unauthenticated,
} from './caller';
export { canonicalJson } from './canonical-json';
export { DEMO_CATEGORIES, DEMO_LOCATIONS, DEMO_PRODUCTS, demoOnHand } from './demo-catalog';
export { DomainError, type ErrorCategory, UnreachableCaseError } from './domain-error';
export { type ServiceErrorClass, serviceErrors } from './service-errors';
export {
  CIRCUIT_STATES,
  type DeadLetterTopicTail,
  type OpsSummary,
  type RecentDeadLetter,
  type RecentDeadLetters,
} from './ops-summary';
export { assertSku } from './sku';
export { sortKey, sortKeyValues } from './sort-key';
export { stockKey } from './stock-key';
export {
  type SaleLineRequest,
  returnIdReused,
  returnOverruns,
  saleIdReused,
  sameSaleLines,
  validateReturn,
  validateSale,
} from './store-sale';
export { hasControlCharacters, textProblem } from './text';
export { isCurrencyCode } from './currency';
export { type UserError, userError } from './user-error';
