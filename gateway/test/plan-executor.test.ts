import type { PlanNode } from '@apollo/query-planner';
import { buildSchema, GraphQLError } from 'graphql';
import { type EntityFetch, PlanExecutor } from '../src/subscriptions/execution/plan-executor';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Product implements Node { id: ID! sku: ID! name: String }
  type Query { a: Int }
`);

const SCOPE = 'scope-of-the-subscriber';

function fetchNode(serviceName: string, typeCondition: string, fields: string[]): PlanNode {
  return {
    kind: 'Fetch',
    serviceName,
    operation: `query($representations:[_Any!]!){_entities(representations:$representations){... on ${typeCondition}{${fields.join(' ')}}}}`,
    operationName: undefined,
    operationKind: 'query' as never,
    variableUsages: ['currency'],
    requires: [
      {
        kind: 'InlineFragment',
        typeCondition,
        selections: [
          { kind: 'Field', name: '__typename' },
          { kind: 'Field', name: 'sku' },
        ],
      },
    ],
  };
}

describe('PlanExecutor', () => {
  it('fetches entities found along a path, through lists, for the subscriber, and merges them in place', async () => {
    const calls: Array<{ representations: unknown[]; variables: unknown; scope: string }> = [];
    const fetch: EntityFetch = async ({ representations, variables, scope }) => {
      calls.push({ representations, variables, scope });
      return { entities: representations.map((r) => ({ name: `name of ${String(r.sku)}` })), errors: [] };
    };
    const data = {
      change: {
        lines: [
          { product: { __typename: 'Product', sku: 'A' } },
          { product: null },
          { product: { __typename: 'Product', sku: 'B' } },
        ],
      },
    };
    const node: PlanNode = {
      kind: 'Flatten',
      path: ['change', 'lines', '@', 'product'],
      node: fetchNode('catalog', 'Product', ['name']),
    };
    const errors = await new PlanExecutor(schema, fetch).run(node, data, { currency: 'EUR', unrelated: 1 }, SCOPE);
    expect(errors).toEqual([]);
    expect(calls).toEqual([
      {
        representations: [
          { __typename: 'Product', sku: 'A' },
          { __typename: 'Product', sku: 'B' },
        ],
        variables: { currency: 'EUR' },
        scope: SCOPE,
      },
    ]);
    expect(data.change.lines.map((l) => l.product)).toEqual([
      { __typename: 'Product', sku: 'A', name: 'name of A' },
      null,
      { __typename: 'Product', sku: 'B', name: 'name of B' },
    ]);
  });

  it('matches requires fragments on an interface by the concrete __typename', async () => {
    const fetch: EntityFetch = async ({ representations }) => ({
      entities: representations.map(() => ({ name: 'n' })),
      errors: [],
    });
    const data = { node: { __typename: 'Product', sku: 'A' } };
    const node: PlanNode = { kind: 'Flatten', path: ['node'], node: fetchNode('catalog', 'Node', ['name']) };
    await new PlanExecutor(schema, fetch).run(node, data, {}, SCOPE);
    expect(data.node).toEqual({ __typename: 'Product', sku: 'A', name: 'n' });
  });

  it('runs Sequence, Parallel and Condition nodes and reports entity errors with their path', async () => {
    const order: string[] = [];
    const fetch: EntityFetch = async ({ serviceName, representations }) => {
      order.push(serviceName);
      return serviceName === 'broken'
        ? { entities: representations.map(() => null), errors: [new GraphQLError('boom')] }
        : { entities: representations.map(() => ({ name: serviceName })), errors: [] };
    };
    const at = (service: string): PlanNode => ({
      kind: 'Flatten',
      path: ['p'],
      node: fetchNode(service, 'Product', ['name']),
    });
    const node: PlanNode = {
      kind: 'Sequence',
      nodes: [
        { kind: 'Parallel', nodes: [at('one'), at('two')] },
        { kind: 'Condition', condition: 'withBroken', ifClause: at('broken'), elseClause: at('never') },
      ],
    };
    const data = { p: { __typename: 'Product', sku: 'A' } };
    const errors = await new PlanExecutor(schema, fetch).run(node, data, { withBroken: true }, SCOPE);
    expect(order.slice(0, 2).sort()).toEqual(['one', 'two']);
    expect(order[2]).toBe('broken');
    expect(errors.map((e) => [e.message, e.path, e.extensions.serviceName])).toEqual([['boom', ['p'], 'broken']]);
  });

  it('refuses plan nodes it cannot run instead of answering wrongly', async () => {
    const fetch: EntityFetch = async () => ({ entities: [], errors: [] });
    const executor = new PlanExecutor(schema, fetch);
    const rootFetch: PlanNode = {
      ...(fetchNode('catalog', 'Product', ['name']) as object),
      requires: undefined,
    } as PlanNode;
    await expect(executor.run(rootFetch, {}, {}, SCOPE)).rejects.toMatchObject({
      extensions: { code: 'SUBSCRIPTION_PLAN_UNSUPPORTED' },
    });
    const rewriting: PlanNode = {
      ...(fetchNode('catalog', 'Product', ['name']) as object),
      inputRewrites: [{ kind: 'ValueSetter', path: [], setValue: 'x' }],
    } as unknown as PlanNode;
    await expect(executor.run(rewriting, { __typename: 'Product', sku: 'A' }, {}, SCOPE)).rejects.toThrow(
      'cannot run data rewrites',
    );
    await expect(executor.run({ kind: 'Defer', primary: {}, deferred: [] }, {}, {}, SCOPE)).rejects.toThrow('@defer');
  });
});
