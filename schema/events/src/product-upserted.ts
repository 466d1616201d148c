/** `type` of every event on `catalog.products.v1`. */
export const PRODUCT_UPSERTED = 'io.stockgraph.catalog.product.upserted.v1';

/** `data` of `io.stockgraph.catalog.product.upserted.v1`: the product as it now is. */
export interface ProductUpsertedData {
  sku: string;
  name: string;
  description: string | null;
  categoryId: string | null;
  /** Minor units. */
  priceAmount: number;
  /** ISO 4217 code. */
  priceCurrency: string;
  active: boolean;
  /** Epoch ms of the change. */
  updatedAt: number;
}
