import { buildServiceSchema } from '@stockgraph/graphql-service';
import type { GraphQLSchema } from 'graphql';
import type { StoreContext } from './context';
import { CashierResolver } from './cashier.resolver';
import { StoreStockResolver } from './store-stock.resolver';
import { TillResolver } from './till.resolver';

export const STORE_RESOLVERS = [StoreStockResolver, TillResolver, CashierResolver] as const;

/** The store's own API, for its till; not part of the central supergraph. Without a container it serves only for printing SDL. */
export function buildStoreSchema(container?: { get(someClass: unknown): unknown }): Promise<GraphQLSchema> {
  return buildServiceSchema<StoreContext>({ resolvers: [...STORE_RESOLVERS], ...(container ? { container } : {}) });
}
