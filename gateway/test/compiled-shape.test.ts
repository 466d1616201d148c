import fs from 'node:fs';
import path from 'node:path';
import { GraphQLError, parse } from 'graphql';
import { compileShape } from '../src/subscriptions/execution/compiled-shape';
import { shapeResult } from './support/execute-shape';
import { SubscriptionPlanner } from '../src/subscriptions/planning/subscription-planner';

const { apiSchema } = new SubscriptionPlanner(
  fs.readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8'),
);

/** Both shapers on the same input, as the wire would carry them. */
function both(
  query: string,
  data: Record<string, unknown>,
  variables: Record<string, unknown> = {},
  operationName?: string,
  upstream: GraphQLError[] = [],
) {
  const document = parse(query);
  const compiled = compileShape(apiSchema, document, operationName, variables)(data, upstream);
  const executed = shapeResult(apiSchema, document, operationName, variables, data, upstream);
  return {
    compiled: JSON.parse(JSON.stringify(compiled)) as unknown,
    executed: JSON.parse(JSON.stringify(executed)) as unknown,
  };
}

const change = {
  sku: 'SG-0001',
  locationId: 'madrid-dc',
  onHand: 12,
  available: 9,
  version: 7,
  changedAt: '2026-12-04T10:00:00.000Z',
  product: {
    __typename: 'Product',
    sku: 'SG-0001',
    name: 'Classic Trail Runner',
    price: { amount: 4778, currency: 'EUR' },
    category: { id: 'footwear', name: 'Footwear' },
  },
  location: { id: 'madrid-dc', name: 'Madrid', kind: 'WAREHOUSE' },
};

describe('compileShape against graphql-js execute', () => {
  it('matches on aliases, nesting and __typename', () => {
    const query =
      'subscription { watched: stockChanged { sku left: available __typename product { __typename title: name price { amount currency } } } }';
    const data = {
      watched: {
        sku: 'SG-0001',
        left: 9,
        __typename: 'ignored',
        product: { __typename: 'Product', title: 'Classic Trail Runner', price: { amount: 4778, currency: 'EUR' } },
      },
    };
    const { compiled, executed } = both(query, data);
    expect(compiled).toEqual(executed);
    expect(compiled).toEqual({
      data: {
        watched: {
          sku: 'SG-0001',
          left: 9,
          __typename: 'StockChange',
          product: { __typename: 'Product', title: 'Classic Trail Runner', price: { amount: 4778, currency: 'EUR' } },
        },
      },
    });
  });

  it('matches on named and inline fragments, repeated fields merged, and fragments spread twice', () => {
    const query = `subscription W { stockChanged { ...Level ... on StockChange { onHand product { name } } product { sku ...Card } } }
      fragment Level on StockChange { sku version onHand }
      fragment Card on Product { name category { id name } }`;
    const { compiled, executed } = both(query, { stockChanged: change }, {}, 'W');
    expect(compiled).toEqual(executed);
  });

  it('matches on @include and @skip, from literals, variables and variable defaults', () => {
    const query = `subscription ($withProduct: Boolean!, $hideVersion: Boolean = true) {
      stockChanged { sku version @skip(if: $hideVersion) onHand @include(if: false) product @include(if: $withProduct) { name } location @skip(if: false) { id } }
    }`;
    for (const withProduct of [true, false]) {
      const { compiled, executed } = both(query, { stockChanged: change }, { withProduct });
      expect(compiled).toEqual(executed);
    }
    const shown = both(query, { stockChanged: change }, { withProduct: true, hideVersion: false });
    expect(shown.compiled).toEqual(shown.executed);
  });

  it('matches when a non-null field is null: the error, its path and locations, and the null bubbling to the nearest nullable field', () => {
    const query = 'subscription { stockChanged { sku product { name category { id name } } } }';
    const nestedNull = both(query, {
      stockChanged: { ...change, product: { ...change.product, category: { id: null, name: 'Footwear' } } },
    });
    expect(nestedNull.compiled).toEqual(nestedNull.executed);
    expect(
      (nestedNull.compiled as { data: { stockChanged: { product: { category: unknown } } } }).data.stockChanged.product
        .category,
    ).toBeNull();
    const rootNull = both(query, { stockChanged: { ...change, sku: null } });
    expect(rootNull.compiled).toEqual(rootNull.executed);
    expect((rootNull.compiled as { data: unknown }).data).toBeNull();
  });

  it('matches on lists, including one that is not a list, and serialises leaves by their type', () => {
    const query =
      'subscription { stockChanged { sku version product { inventory { byLocation { available location { id } } } } } }';
    const list = {
      inventory: {
        byLocation: [
          { available: '3', location: { id: 'madrid-dc' } },
          { available: 4, location: { id: 'berlin-dc' } },
        ],
      },
    };
    const ok = both(query, { stockChanged: { ...change, version: '8', product: list } });
    expect(ok.compiled).toEqual(ok.executed);
    const notAList = both(query, {
      stockChanged: { ...change, product: { inventory: { byLocation: { available: 1 } } } },
    });
    expect(notAList.compiled).toEqual(notAList.executed);
  });

  it('puts the upstream errors first, as the executor did', () => {
    const upstream = [
      new GraphQLError('catalog could not be reached for this event', {
        path: ['stockChanged', 'product'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      }),
    ];
    const { compiled, executed } = both(
      'subscription { stockChanged { sku product { name } } }',
      { stockChanged: { ...change, product: null } },
      {},
      undefined,
      upstream,
    );
    expect(compiled).toEqual(executed);
  });
});
