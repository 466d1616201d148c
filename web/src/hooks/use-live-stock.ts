import { useSubscription } from '@apollo/client';
import { graphql } from '../gql';

/**
 * One subscription for a set of skus. Each event carries the product's new totals, which
 * the cache writes over the product (normalised by sku), so every component showing that
 * product re-renders. Subscribes again when the set changes (another page, another filter).
 */
const LiveStockDocument = graphql(`
  subscription LiveStock($skus: [ID!]!) {
    stockChanged(skus: $skus, current: true) {
      eventId
      sku
      product {
        sku
        inventory {
          available
        }
      }
    }
  }
`);

export function useLiveStock(skus: string[]): void {
  useSubscription(LiveStockDocument, { variables: { skus }, skip: skus.length === 0 });
}
