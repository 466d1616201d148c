import { buildFederatedSchema } from '@stockgraph/shared';
import type { GraphQLSchema } from 'graphql';
import type { OrderContext } from './context';
import { OrderResolver } from './order.resolver';
import { orderReferences } from './references';

/** The order subgraph schema; without a container it serves only for printing SDL. */
export function buildOrderSchema(container?: { get(someClass: unknown): unknown }): Promise<GraphQLSchema> {
  return buildFederatedSchema<OrderContext>({
    resolvers: [OrderResolver],
    references: orderReferences,
    ...(container ? { container } : {}),
  });
}
