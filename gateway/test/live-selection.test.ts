import fs from 'node:fs';
import path from 'node:path';
import { parse, print } from 'graphql';
import { liveSelection } from '../src/subscriptions/planning/live-selection';
import { SubscriptionPlanner } from '../src/subscriptions/planning/subscription-planner';

const planner = new SubscriptionPlanner(
  fs.readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8'),
);
const select = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  liveSelection(planner.apiSchema, planner.liveMarks, parse(query), operationName, variables);

describe('liveSelection', () => {
  it('reads the filter marks the inventory subgraph composed into the supergraph', () => {
    expect(planner.liveFilters.get('stockChanged')).toEqual([
      { argument: 'skus', field: 'sku', max: 1000 },
      { argument: 'locationIds', field: 'locationId', max: 100 },
    ]);
    // orderUpdated sends each subscription the order as it stands: not a pure stream, not marked.
    expect(planner.liveFilters.get('orderUpdated')).toBeUndefined();
  });

  it('gives clients that differ only in filter values, variable names, operation names and layout one selection', () => {
    const storefront = select(
      'subscription Grid($skus: [ID!]!) { stockChanged(skus: $skus) { sku available product { name } } }',
      { skus: ['SG-0001', 'SG-0002'] },
    );
    const console = select(
      'subscription { stockChanged(skus: ["SG-0003"], locationIds: ["madrid-dc"]) {\n  sku\n  available\n  product { name }\n} }',
    );
    expect(console.text).toBe(storefront.text);
    expect(console.variables).toEqual({});
    expect(storefront.variables).toEqual({});
    expect(storefront.filters).toEqual(
      new Map([
        ['skus', new Set(['SG-0001', 'SG-0002'])],
        ['locationIds', null],
      ]),
    );
    expect(console.filters).toEqual(
      new Map([
        ['skus', new Set(['SG-0003'])],
        ['locationIds', new Set(['madrid-dc'])],
      ]),
    );
    expect(storefront.rootName).toBe('stockChanged');
  });

  it('asks upstream for the filters as variables and for the routing fields under hidden aliases, and plans', () => {
    const selection = select(
      'subscription ($skus: [ID!]) { watched: stockChanged(skus: $skus) { available product { name } } }',
      { skus: ['SG-0001'] },
    );
    // The group fills in whether its upstream starts from the current state (see SelectionGroup.open).
    const upstream = selection.text.replace(/\s+/g, ' ');
    expect(upstream).toContain(
      'watched: stockChanged( skus: $__live_skus locationIds: $__live_locationIds current: $__live_current )',
    );
    expect(selection.text).toContain('__live_sku: sku');
    expect(selection.text).toContain('__live_locationId: locationId');
    expect(selection.rootName).toBe('watched');
    const plan = planner.plan(selection.document, undefined);
    expect(plan.primary.serviceName).toBe('inventory');
    expect(plan.primary.variableUsages).toEqual(expect.arrayContaining(['__live_skus', '__live_locationIds']));
    expect(plan.rest).toBeDefined();
    // What the client gets back has neither the filters nor the hidden fields.
    const shaped = print(selection.shapeDocument);
    expect(shaped).not.toMatch(/__live_|skus|locationIds/);
    expect(shaped).toContain('watched: stockChanged {');
  });

  it('keeps other variables and every argument of unmarked fields, so those still tell clients apart', () => {
    const a = select('subscription ($id: ID!) { orderUpdated(id: $id) { status } }', { id: 'o-1' });
    const b = select('subscription ($id: ID!) { orderUpdated(id: $id) { status } }', { id: 'o-2' });
    expect(a.text).toBe(b.text);
    expect(a.variables).toEqual({ id: 'o-1' });
    expect(b.variables).toEqual({ id: 'o-2' });
    expect(a.filters.size).toBe(0);
    const withInclude = select(
      'subscription ($skus: [ID!], $withName: Boolean!) { stockChanged(skus: $skus) { sku product @include(if: $withName) { name } } }',
      { skus: ['SG-0001'], withName: true },
    );
    expect(withInclude.variables).toEqual({ withName: true });
  });

  it('refuses more values than the subgraph takes, since with a shared upstream they may never reach it to be refused there', () => {
    const skus = Array.from({ length: 1001 }, (_unused, i) => `SG-${String(i).padStart(4, '0')}`);
    expect(() => select('subscription ($skus: [ID!]) { stockChanged(skus: $skus) { sku } }', { skus })).toThrow(
      expect.objectContaining({
        message: 'stockChanged(skus) takes at most 1000 values, got 1001.',
        extensions: { code: 'TOO_MANY_FILTER_VALUES', field: 'skus' },
      }),
    );
  });

  it('keeps fragments and reads a single sku given for a list', () => {
    const selection = select(
      'subscription { stockChanged(skus: "SG-0007") { ...Badge } } fragment Badge on StockChange { sku available }',
    );
    expect(selection.filters.get('skus')).toEqual(new Set(['SG-0007']));
    expect(selection.text).toContain('fragment Badge on StockChange');
    expect(planner.plan(selection.document, undefined).primary.serviceName).toBe('inventory');
  });
});
