import { serviceErrors, type UserError as SharedUserError } from '@stockgraph/domain';

/** Outcomes a caller should handle; they come back as `userErrors`, never as GraphQL errors. */
export type InventoryUserErrorCode =
  | 'INSUFFICIENT_STOCK'
  | 'CHANGE_FROM_STALE'
  | 'ADJUSTMENT_OUT_OF_RANGE'
  | 'RESERVATION_EXPIRED'
  | 'RESERVATION_RELEASED'
  | 'RESERVATION_ALREADY_CONFIRMED'
  /** A return names a sale the centre never recorded at that location. */
  | 'SALE_UNKNOWN'
  /** A return takes back more of a sku than its sale sold (earlier returns counted). */
  | 'RETURN_EXCEEDS_SALE'
  /** An extension would keep a hold past its creation plus RESERVATION_MAX_LIFETIME_SECONDS. */
  | 'HOLD_LIFETIME_EXCEEDED'
  /** A transfer step its status does not allow (ship a shipped one, cancel a shipped one, receive a draft). */
  | 'TRANSFER_NOT_IN_STEP'
  /** A receipt of a sku the transfer does not carry. */
  | 'TRANSFER_LINE_UNKNOWN'
  /** A receipt of more units than are still on the way. */
  | 'TRANSFER_EXCEEDED'
  /** A receipt or close of a purchase order already received in full, or closed. */
  | 'PURCHASE_ORDER_ENDED'
  | 'PURCHASE_ORDER_LINE_UNKNOWN'
  /** More units received than the order still expects, without a reason. */
  | 'OVER_RECEIPT';

/** Bad input and missing things: raised as GraphQL errors with this code in `extensions.code`. */
export type InventoryErrorCode =
  | 'UNKNOWN_SKU'
  | 'UNKNOWN_LOCATION'
  | 'UNKNOWN_REGION'
  | 'INVALID_LOCATION'
  | 'INVALID_COUNT'
  /** A warehouse count dated beyond now plus the clock-skew allowance (WAREHOUSE_CLOCK_SKEW_MS). */
  | 'OBSERVED_IN_FUTURE'
  /** A warehouse count that would take a sku's onHand over all locations past MAX_STOCK_QUANTITY. */
  | 'QUANTITY_OUT_OF_RANGE'
  | 'LOCATION_OUTSIDE_REGION'
  | 'RESERVATION_NOT_FOUND'
  | 'INVALID_QUANTITY'
  | 'INVALID_TTL'
  | 'INVALID_REFERENCE'
  /** A reservation's customerId that is empty, too long or has control characters. */
  | 'INVALID_CUSTOMER'
  | 'INVALID_ADJUSTMENT'
  | 'EMPTY_REQUEST'
  | 'DUPLICATE_LINE'
  | 'TOO_MANY_LINES'
  | 'TOO_MANY_SKUS'
  | 'FILTER_REQUIRED'
  | 'TOO_MANY_LOCATIONS'
  /** A low-stock threshold outside 0 to 1,000,000. */
  | 'INVALID_THRESHOLD'
  | 'INVALID_REASON'
  /** A store API key label that is blank, too long or has control characters. */
  | 'INVALID_LABEL'
  /** A state move between one state and itself, or sellable units written off (adjustStock does that). */
  | 'INVALID_STATE_MOVE'
  /** A transfer from a location to itself. */
  | 'INVALID_TRANSFER'
  | 'TRANSFER_NOT_FOUND'
  | 'PURCHASE_ORDER_NOT_FOUND'
  /** A CSV import that cannot be read at all: no header, an unknown or missing column, past a bound. */
  | 'INVALID_IMPORT'
  /** A time that is not one, or in the future, or a range the wrong way round or too wide. */
  | 'INVALID_TIME'
  /** Dead letters named both by id and by reason, by neither, by too many ids, or by a bad text. */
  | 'INVALID_DEAD_LETTER_SELECTION';

const errors = serviceErrors<InventoryErrorCode, InventoryUserErrorCode>();

/** Bad input and missing things: thrown, and raised as a GraphQL error with its code. */
export const InventoryError = errors.ServiceError;
export type InventoryError = InstanceType<typeof InventoryError>;

/** A business outcome reported in a payload's `userErrors`. */
export type UserError = SharedUserError<InventoryUserErrorCode>;
export const userError = errors.userError;
