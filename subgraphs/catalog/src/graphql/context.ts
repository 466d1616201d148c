import DataLoader from 'dataloader';
import type { Caller } from '@stockgraph/domain';
import type { CatalogService } from '../app/catalog.service';
import type { Category, Product } from '../domain/product';
import type { ProjectedStock } from '../domain/stock-summary';

export interface CatalogLoaders {
  productBySku: DataLoader<string, Product | null>;
  projectedStockBySku: DataLoader<string, ProjectedStock[]>;
  categoryById: DataLoader<string, Category | null>;
}

export interface CatalogContext {
  /** Who is calling, from the verified token. */
  caller: Caller;
  loaders: CatalogLoaders;
}

/** Per-request batching: every lookup made in one tick becomes one query. */
export function createLoaders(catalog: CatalogService): CatalogLoaders {
  return {
    productBySku: new DataLoader(async (skus) => {
      const bySku = new Map((await catalog.productsBySkus(skus)).map((p) => [p.sku, p]));
      return skus.map((sku) => bySku.get(sku) ?? null);
    }),
    projectedStockBySku: new DataLoader(async (skus) => {
      const rows = await catalog.projectedStock(skus);
      return skus.map((sku) => rows.filter((row) => row.sku === sku));
    }),
    categoryById: new DataLoader(async (ids) => {
      const byId = new Map((await catalog.categoriesByIds(ids)).map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
