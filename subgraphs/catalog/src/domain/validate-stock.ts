import { CatalogError } from './errors';
import { assertSku } from '@stockgraph/domain';

export interface StockCheckItem {
  sku: string;
  quantity: number;
}

export interface StockCheckResult {
  sku: string;
  requested: number;
  /** Whether `requested` units can be sold right now. */
  available: boolean;
  /** Units that can be sold right now, over all locations. */
  currentStock: number;
}

export interface StockValidationResult {
  ok: boolean;
  /** Answered from the catalog's projected view because inventory could not answer in time. */
  degraded: boolean;
  /** For people: why the answer is degraded and what that means. */
  warning: string | null;
  items: StockCheckResult[];
}

/** What checkout does when inventory cannot answer: sell on the projected view, or stop. */
export type DegradedPolicy = 'allow' | 'block';

export const MAX_VALIDATION_ITEMS = 100;
const MAX_QUANTITY = 1_000_000;

/** Checks a checkout's items before asking inventory anything. */
export function validateStockCheck(items: readonly StockCheckItem[]): void {
  if (items.length === 0) throw new CatalogError('EMPTY_REQUEST', 'give at least one item to validate', 'input.items');
  if (items.length > MAX_VALIDATION_ITEMS) {
    throw new CatalogError(
      'TOO_MANY_ITEMS',
      `at most ${MAX_VALIDATION_ITEMS} items per validation, got ${items.length}`,
      'input.items',
    );
  }
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    assertSku(item.sku, `input.items.${index}.sku`);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      throw new CatalogError(
        'INVALID_QUANTITY',
        `quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${item.quantity}`,
        `input.items.${index}.quantity`,
      );
    }
    const earlier = seen.get(item.sku);
    if (earlier !== undefined) {
      throw new CatalogError(
        'DUPLICATE_ITEM',
        `items ${earlier} and ${index} are both ${item.sku}; send one with the total`,
        `input.items.${index}`,
      );
    }
    seen.set(item.sku, index);
  });
}

/** Compares what a checkout asks for with what inventory says can be sold. */
export function judgeStock(
  items: readonly StockCheckItem[],
  sellable: ReadonlyMap<string, number>,
): StockValidationResult {
  const results = items.map((item) => {
    const currentStock = sellable.get(item.sku) ?? 0;
    return { sku: item.sku, requested: item.quantity, available: currentStock >= item.quantity, currentStock };
  });
  return { ok: results.every((r) => r.available), degraded: false, warning: null, items: results };
}

/**
 * The same judgement on the catalog's projected view, when inventory could not answer.
 * Under `allow` the checkout may go on if the view says so; under `block` it may not.
 * Either way the answer says it is degraded, and why.
 */
export function judgeDegraded(
  items: readonly StockCheckItem[],
  projected: ReadonlyMap<string, number>,
  policy: DegradedPolicy,
  why: string,
): StockValidationResult {
  const judged = judgeStock(items, projected);
  return {
    ...judged,
    ok: policy === 'allow' && judged.ok,
    degraded: true,
    warning:
      `Stock could not be confirmed with inventory (${why}); figures are the catalog's last known view. ` +
      (policy === 'allow'
        ? 'The purchase may go on; stock is held for certain when the order is placed.'
        : 'Checkout is paused until inventory answers.'),
  };
}
