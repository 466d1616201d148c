import fs from 'node:fs';
import path from 'node:path';
import { parse, print } from 'graphql';
import { Delivery } from '@stockgraph/runtime';
import { liveSelection, orderOf } from '../src/subscriptions/planning/live-selection';
import { SubscriptionPlanner } from '../src/subscriptions/planning/subscription-planner';
import { currentStateQuery } from '../src/subscriptions/sharing/current-state';
import { VersionGate } from '../src/subscriptions/sharing/version-gate';

const planner = new SubscriptionPlanner(
  fs.readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8'),
);
const select = (query: string, variables: Record<string, unknown> = {}, resume = false) =>
  liveSelection(planner.apiSchema, planner.liveMarks, parse(query), undefined, variables, resume);
const at = (key: string, version: number) => new Delivery({ data: {} }, { key, version });

describe('starting from the current state', () => {
  it('reads the mark inventory composed: stockChanged(current) is answered by stockSnapshot, ordered by version', () => {
    expect(planner.liveSnapshots.get('stockChanged')).toEqual({
      argument: 'current',
      query: 'stockSnapshot',
      version: 'version',
    });
  });

  it('lifts `current` out of what is shared, so clients with and without it share one upstream', () => {
    const asking = select('subscription ($s: [ID!]) { stockChanged(skus: $s, current: true) { sku available } }', {
      s: ['SG-0001'],
    });
    const plain = select('subscription { stockChanged(skus: ["SG-0002"]) { sku available } }');
    expect(asking.text).toBe(plain.text);
    expect(asking.current).toBe(true);
    expect(plain.current).toBe(false);
    // The version rides along under a hidden alias, for ordering; the client's shape has none of it.
    expect(asking.text).toContain('__live_version: version');
    expect(print(asking.shapeDocument)).not.toContain('current');
    // A resumed stream (SSE's Last-Event-ID) asks as if it said current: true.
    expect(select('subscription { stockChanged(skus: ["SG-0002"]) { sku } }', {}, true).current).toBe(true);
  });

  it('refuses the current state of everything: the skus are required, as stockSnapshot requires them', () => {
    expect(() => select('subscription { stockChanged(current: true) { sku } }')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FILTER_REQUIRED', field: 'skus' }) }),
    );
  });

  it('asks the primary fetch again as stockSnapshot, with this client’s own filter values written in', () => {
    const selection = select(
      'subscription ($s: [ID!]) { live: stockChanged(skus: $s, current: true) { sku available product { name } } }',
      { s: ['SG-0001', 'SG-0002'] },
    );
    const plan = planner.plan(selection.document, undefined);
    const { query, rootName } = currentStateQuery(plan, selection);
    expect(rootName).toBe('live');
    const [operation] = parse(query).definitions;
    expect(operation).toMatchObject({ operation: 'query' });
    const printed = print(parse(query));
    expect(printed).toContain('live: stockSnapshot(skus: ["SG-0001", "SG-0002"])');
    expect(printed).not.toContain('$__live_');
    expect(printed).toContain('__live_version: version');
    // The entity key the plan's catalog fetch needs is selected as in the live event.
    expect(printed).toMatch(/product \{[^}]*sku/);
  });

  it('orders results by their filter values and version', () => {
    const selection = select('subscription { stockChanged(skus: ["SG-0001"], current: true) { sku } }');
    const data = {
      stockChanged: { sku: 'SG-0001', __live_sku: 'SG-0001', __live_locationId: 'madrid-dc', __live_version: 7 },
    };
    expect(orderOf(selection, data)).toEqual({ key: JSON.stringify(['SG-0001', 'madrid-dc']), version: 7 });
  });
});

describe('VersionGate', () => {
  it('gives each thing only newer versions, whichever source (own read, upstream state, live) comes first', () => {
    const gate = new VersionGate();
    expect(gate.pass(at('a', 5))).toBe(true);
    expect(gate.pass(at('a', 5))).toBe(false);
    expect(gate.pass(at('a', 4))).toBe(false);
    expect(gate.pass(at('b', 3))).toBe(true);
    expect(gate.pass(at('a', 6))).toBe(true);
  });

  it('passes results without an order (errors) untouched', () => {
    const gate = new VersionGate();
    expect(gate.pass(new Delivery({ errors: [] }))).toBe(true);
    expect(gate.pass(new Delivery({ errors: [] }))).toBe(true);
  });

  it('whatever the interleaving of three overlapping sources, a client never gets a version older than one it got', () => {
    // Live versions 1..30 of one level; a read of the current state lands somewhere among them,
    // and the upstream's own current state somewhere else.
    for (let read = 0; read <= 30; read += 3) {
      for (let upstream = 0; upstream <= 30; upstream += 5) {
        const gate = new VersionGate();
        const given: number[] = [];
        for (let v = 1; v <= 30; v += 1) {
          if (v === read + 1 && gate.pass(at('a', read))) given.push(read);
          if (v === upstream + 1 && gate.pass(at('a', upstream))) given.push(upstream);
          if (gate.pass(at('a', v))) given.push(v);
        }
        for (let i = 1; i < given.length; i += 1) expect(given[i]).toBeGreaterThan(given[i - 1]);
        expect(given.at(-1)).toBe(30);
      }
    }
  });
});
