import { assertSku, isCurrencyCode, textProblem } from '@stockgraph/domain';
import { CatalogError } from './errors';

export interface Category {
  id: string;
  name: string;
  /** Epoch ms of the last change (0 for categories from before it was kept). */
  updatedAt: number;
}

const CATEGORY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Throws INVALID_CATEGORY for a malformed category; nothing is read before this passes. */
export function validateCategory(category: Pick<Category, 'id' | 'name'>): void {
  if (!CATEGORY_ID.test(category.id))
    throw new CatalogError('INVALID_CATEGORY', "a category id is 1-64 lower-case letters, digits and '-'", 'input.id');
  const nameProblem = textProblem(category.name, 200);
  if (nameProblem !== null) throw new CatalogError('INVALID_CATEGORY', `a category name ${nameProblem}`, 'input.name');
}

export interface Product {
  sku: string;
  name: string;
  description: string | null;
  categoryId: string | null;
  /** Minor units. */
  priceAmount: number;
  /** ISO 4217. */
  priceCurrency: string;
  active: boolean;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

export interface ProductFilter {
  categoryId?: string | null;
  /** Case-insensitive substring of name or description. */
  search?: string | null;
  active?: boolean | null;
  skus?: readonly string[] | null;
  /** In stock somewhere (true) or nowhere (false), by the projected view. */
  inStock?: boolean | null;
  /** Available in this region, by the projected view. */
  region?: string | null;
}

export interface UpsertProductRequest {
  sku: string;
  name: string;
  description?: string | null;
  categoryId?: string | null;
  priceAmount: number;
  priceCurrency: string;
  active?: boolean | null;
}

/** Checks a product before it is written. */
export function validateUpsertProduct(request: UpsertProductRequest): void {
  assertSku(request.sku, 'input.sku');
  const nameProblem = textProblem(request.name, 200);
  if (nameProblem !== null) throw new CatalogError('INVALID_PRODUCT', `name ${nameProblem}`, 'input.name');
  if (request.description != null && request.description.length > 4000) {
    throw new CatalogError('INVALID_PRODUCT', 'description must be at most 4,000 characters', 'input.description');
  }
  if (!Number.isInteger(request.priceAmount) || request.priceAmount < 0 || request.priceAmount > 100_000_000_00) {
    throw new CatalogError(
      'INVALID_PRODUCT',
      'price.amount must be whole minor units from 0 to 10,000,000,000',
      'input.price.amount',
    );
  }
  if (!isCurrencyCode(request.priceCurrency)) {
    throw new CatalogError(
      'INVALID_PRODUCT',
      `price.currency must be an ISO 4217 code in use, such as EUR (${JSON.stringify(request.priceCurrency)} is not one)`,
      'input.price.currency',
    );
  }
}
