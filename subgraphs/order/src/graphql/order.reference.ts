import type { ReferenceResolver } from '@stockgraph/shared';
import type { OrderContext } from './context';
import { OrderType } from './order.type';

export const orderReferences: Record<string, ReferenceResolver<OrderContext>> = {
  Order: async (reference, { loaders }) => {
    const order = await loaders.orderById.load(String(reference.id));
    return order ? OrderType.from(order) : null;
  },
};
