import { buildFederatedSchema, resolverContainer } from '@stockgraph/graphql-service';
import type { GraphQLSchema } from 'graphql';
import type { OrderServices } from '../app/order-services';
import type { OrderContext } from './context';
import { orderReferences } from './order.reference';
// type-graphql prints a root type's fields in the order their decorators ran, that is the
// order these modules load: placing before the lifecycle keeps the SDL as it always was.
// Nothing else imports the resolvers, so this list alone decides it.
import { OrderQueryResolver } from './order-query.resolver';
import { OrderUpdatesResolver } from './order-updates.resolver';
import { OrderPlacementResolver } from './order-placement.resolver';
import { OrderLifecycleResolver } from './order-lifecycle.resolver';

/**
 * The order subgraph schema, one resolver per use case, each serving its service; without
 * `services` it serves only for printing SDL.
 */
export function buildOrderSchema(services?: OrderServices): Promise<GraphQLSchema> {
  const container = services
    ? resolverContainer([
        new OrderQueryResolver(services.queries),
        new OrderUpdatesResolver(),
        new OrderPlacementResolver(services.placement),
        new OrderLifecycleResolver(services.lifecycle, services.payment),
      ])
    : null;
  return buildFederatedSchema<OrderContext>({
    resolvers: [OrderQueryResolver, OrderUpdatesResolver, OrderPlacementResolver, OrderLifecycleResolver],
    references: orderReferences,
    ...(container ? { container } : {}),
  });
}
