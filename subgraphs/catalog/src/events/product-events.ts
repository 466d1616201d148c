import {
  CATEGORY_UPSERTED,
  type CategoryUpsertedData,
  EVENT_SOURCES,
  PRODUCT_UPSERTED,
  TOPICS,
  type ProductUpsertedData,
} from '@stockgraph/events';
import { cloudEventMessage, type OutgoingMessage } from '@stockgraph/messaging';
import type { Category, Product } from '../domain/product';

/** The event that tells readers a product now is as given. */
export function productUpsertedMessage(product: Product): OutgoingMessage {
  const data: ProductUpsertedData = {
    sku: product.sku,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    priceAmount: product.priceAmount,
    priceCurrency: product.priceCurrency,
    active: product.active,
    updatedAt: product.updatedAt,
  };
  return cloudEventMessage(TOPICS.catalogProducts, product.sku, {
    source: EVENT_SOURCES.catalog,
    type: PRODUCT_UPSERTED,
    data,
  });
}

/** The event that tells readers a category now is as given. */
export function categoryUpsertedMessage(category: Category): OutgoingMessage {
  const data: CategoryUpsertedData = { id: category.id, name: category.name, updatedAt: category.updatedAt };
  return cloudEventMessage(TOPICS.catalogCategories, category.id, {
    source: EVENT_SOURCES.catalog,
    type: CATEGORY_UPSERTED,
    data,
  });
}
