import { serviceErrors } from '@stockgraph/domain';

/** Catalog errors raised as GraphQL errors (bad input, missing things). */
export type CatalogErrorCode =
  | 'UNKNOWN_SKU'
  | 'UNKNOWN_CATEGORY'
  | 'INVALID_QUANTITY'
  | 'INVALID_PRODUCT'
  /** A category id that is not lower-case letters, digits and '-', or a blank or overlong name. */
  | 'INVALID_CATEGORY'
  | 'EMPTY_REQUEST'
  | 'DUPLICATE_ITEM'
  | 'TOO_MANY_ITEMS';

const errors = serviceErrors<CatalogErrorCode>();

/** Bad input and missing things: thrown, and raised as a GraphQL error with its code. */
export const CatalogError = errors.ServiceError;
export type CatalogError = InstanceType<typeof CatalogError>;
