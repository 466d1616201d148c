import { cloudEvent, OutgoingMessage } from '@stockgraph/shared';
import type { Product } from '../domain/product';
import { EVENT_SOURCE, PRODUCT_UPSERTED, PRODUCTS_TOPIC } from './topics';

/** `data` of `io.stockgraph.catalog.product.upserted.v1`: the product as it now is. */
export interface ProductUpsertedData {
  sku: string;
  name: string;
  description: string | null;
  categoryId: string | null;
  /** Minor units. */
  priceAmount: number;
  priceCurrency: string;
  active: boolean;
  /** Epoch ms of the change. */
  updatedAt: number;
}

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
  return {
    topic: PRODUCTS_TOPIC,
    key: product.sku,
    value: JSON.stringify(cloudEvent({ source: EVENT_SOURCE, type: PRODUCT_UPSERTED, subject: product.sku, data })),
    headers: { 'content-type': 'application/cloudevents+json' },
  };
}
