/** Kafka topics the catalog service writes (DESIGN.md §5). */
export const PRODUCTS_TOPIC = 'catalog.products.v1';
export const EVENT_SOURCE = '/stockgraph/catalog';
export const PRODUCT_UPSERTED = 'io.stockgraph.catalog.product.upserted.v1';
