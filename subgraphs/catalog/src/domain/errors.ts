import { DomainError, type ErrorCategory } from '@stockgraph/domain';

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

export class CatalogError extends DomainError<CatalogErrorCode> {
  constructor(code: CatalogErrorCode, message: string, field?: string, category: ErrorCategory = 'BAD_USER_INPUT') {
    super(code, message, field, category);
  }
}
