// The framework-free part of shared: what domain rules may import. Nothing reachable from
// here may load TypeORM, type-graphql, graphql, kafkajs or ioredis (a test checks it).
export * from './domain-error';
export * from './sku';
export * from './stock-key';
export * from './user-error';
export * from './caller';
export * from './sort-key';
export * from './store-sale';
export * from './text';
