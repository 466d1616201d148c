export * from './topics';
export * from './stock-changed';
export * from './reservation-event';
export * from './warehouse-stock-updated';
export * from './product-upserted';
export * from './order-status-changed';
export * from './category-upserted';
