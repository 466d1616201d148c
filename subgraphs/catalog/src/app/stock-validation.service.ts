import { CatalogError } from '../domain/errors';
import { judgeStock, StockCheckItem, StockValidationResult, validateStockCheck } from '../domain/validate-stock';
import type { InventoryClient } from '../infra/clients/inventory.client';
import type { CatalogService } from './catalog.service';

/**
 * Checkout's stock check: every sku must be a catalog product, and availability comes
 * from inventory in real time, never from the catalog's own (eventually consistent) view.
 */
export class StockValidationService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly inventory: InventoryClient,
  ) {}

  async validate(items: readonly StockCheckItem[]): Promise<StockValidationResult> {
    validateStockCheck(items);
    const skus = items.map((item) => item.sku);
    const known = new Set((await this.catalog.productsBySkus(skus)).map((product) => product.sku));
    const unknown = items.findIndex((item) => !known.has(item.sku));
    if (unknown >= 0) {
      throw new CatalogError('UNKNOWN_SKU', `there is no product ${items[unknown]?.sku}`, `input.items.${unknown}.sku`);
    }
    return judgeStock(items, await this.inventory.sellable(skus));
  }
}
