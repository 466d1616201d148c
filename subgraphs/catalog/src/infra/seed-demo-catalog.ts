import { DEMO_CATEGORIES, DEMO_PRODUCTS } from '@stockgraph/domain';
import { isDuplicateKeyError } from '@stockgraph/persistence';
import type { Logger } from '@stockgraph/runtime';
import type { Database } from '@stockgraph/persistence';
import type { Outbox } from '@stockgraph/messaging';
import type { Product } from '../domain/product';
import { categoryUpsertedMessage, productUpsertedMessage } from '../events/product-events';
import { ProductRepository } from './product.repository';
import { CategoryEntity } from './db/entities/category.entity';
import { ProductEntity } from './db/entities/product.entity';

/** Inserts the demo categories and products when there are none, announcing each like any upsert. */
export async function seedDemoCatalog(db: Database, outbox: Outbox, log: Logger): Promise<void> {
  const [row] = await db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM categories'));
  if (Number(row?.n) > 0) return;
  const now = Date.now();
  const products: Product[] = DEMO_PRODUCTS.map((p) => ({
    sku: p.sku,
    name: p.name,
    description: p.description,
    categoryId: p.categoryId,
    priceAmount: p.price,
    priceCurrency: 'EUR',
    active: true,
    createdAt: now,
    updatedAt: now,
  }));
  try {
    await db.transaction(async (tx) => {
      const categories = DEMO_CATEGORIES.map((category) => ({ ...category, updatedAt: now }));
      tx.insert(CategoryEntity, categories);
      tx.insert(ProductEntity, products);
      const repository = new ProductRepository();
      for (const product of products) repository.saveTokens(tx, product);
      await outbox.append(tx, [...categories.map(categoryUpsertedMessage), ...products.map(productUpsertedMessage)]);
    });
    log.info({ categories: DEMO_CATEGORIES.length, products: products.length }, 'demo catalog seeded');
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
