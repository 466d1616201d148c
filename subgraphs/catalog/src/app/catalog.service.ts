import type { Database } from '@stockgraph/persistence';
import { decodeCursor, pageSize } from '@stockgraph/graphql-service';
import type { Outbox } from '@stockgraph/messaging';
import { CatalogError } from '../domain/errors';
import {
  type Category,
  type Product,
  type ProductFilter,
  type UpsertProductRequest,
  validateCategory,
  validateUpsertProduct,
} from '../domain/product';
import { categoryUpsertedMessage, productUpsertedMessage } from '../events/product-events';
import type { ProductRepository } from '../infra/product.repository';
import type { StockProjectionRepository } from '../infra/stock-projection.repository';
import type { ProjectedStock } from '../domain/stock-summary';

const MAX_FILTER_SKUS = 1000;

/** Products and categories: reads, and upserts that announce themselves on `catalog.products.v1` and `catalog.categories.v1`. */
export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly products: ProductRepository,
    private readonly projection: StockProjectionRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The projected stock rows of these skus, in one query. */
  projectedStock(skus: readonly string[]): Promise<ProjectedStock[]> {
    return this.db.read((sql) => this.projection.forSkus(sql, skus));
  }

  productsBySkus(skus: readonly string[]): Promise<Product[]> {
    return this.db.read((sql) => this.products.findBySkus(sql, skus));
  }

  categoriesByIds(ids: readonly string[]): Promise<Category[]> {
    return this.db.read((sql) => this.products.categoriesByIds(sql, ids));
  }

  categories(): Promise<Category[]> {
    return this.db.read((session) => this.products.categories(session));
  }

  /** One page in sku order. */
  async list(filter: ProductFilter, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first, 20, MAX_FILTER_SKUS);
    if (filter.region != null && !/^[a-z0-9-]{1,64}$/.test(filter.region)) {
      throw new CatalogError(
        'INVALID_PRODUCT',
        `"${filter.region}" is not a region code such as eu-south`,
        'filter.region',
      );
    }
    if (filter.skus && filter.skus.length > MAX_FILTER_SKUS) {
      throw new CatalogError('TOO_MANY_ITEMS', `filter.skus takes at most ${MAX_FILTER_SKUS} skus`, 'filter.skus');
    }
    const afterSku = after ? String(decodeCursor(after)) : null;
    const rows = await this.db.read((sql) => this.products.list(sql, filter, afterSku, size + 1));
    return { rows, size, hasPrevious: after != null };
  }

  async upsert(request: UpsertProductRequest): Promise<{ product: Product; created: boolean }> {
    validateUpsertProduct(request);
    return this.db.transaction(async (tx) => {
      if (request.categoryId != null) {
        const [category] = await this.products.categoriesByIds(tx, [request.categoryId]);
        if (!category) {
          throw new CatalogError(
            'UNKNOWN_CATEGORY',
            `there is no category "${request.categoryId}"`,
            'input.categoryId',
          );
        }
      }
      const now = this.clock();
      const [existing] = await this.products.findBySkus(tx, [request.sku]);
      const product: Product = {
        sku: request.sku,
        name: request.name.trim(),
        description: request.description ?? null,
        categoryId: request.categoryId ?? null,
        priceAmount: request.priceAmount,
        priceCurrency: request.priceCurrency,
        active: request.active ?? true,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      const existed = await this.products.upsert(tx, product);
      await this.outbox.append(tx, [productUpsertedMessage(product)]);
      return { product, created: !existed };
    });
  }

  /** Creates or renames a category and announces it. */
  async upsertCategory(request: Pick<Category, 'id' | 'name'>): Promise<{ category: Category; created: boolean }> {
    validateCategory(request);
    return this.db.transaction(async (tx) => {
      const category: Category = { id: request.id, name: request.name.trim(), updatedAt: this.clock() };
      const existed = await this.products.upsertCategory(tx, category);
      await this.outbox.append(tx, [categoryUpsertedMessage(category)]);
      return { category, created: !existed };
    });
  }
}
