import type { ReferenceResolver } from '@stockgraph/graphql-service';
import type { OrderContext } from './context';
import { requireOwnOrder } from '../domain/order-access';
import { OrderType } from './order.type';

export const orderReferences: Record<string, ReferenceResolver<OrderContext>> = {
  Order: async (reference, { loaders, caller }) => {
    const order = await loaders.orderById.load(String(reference.id));
    if (order) requireOwnOrder(caller, order);
    return order ? OrderType.from(order) : null;
  },
};
