import type { DomainError } from '@stockgraph/domain';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ANONYMOUS } from '@stockgraph/domain';
import { waitFor } from '@stockgraph/testing';
import type { GatewayContext } from '../src/auth/gateway-context';
import { SubgraphCredentials } from '../src/auth/subgraph-credentials';
import { subgraphDataSource } from '../src/subgraphs/subgraph-data-source';

/**
 * A subgraph's HTTP endpoint that records every request and answers queries only when the
 * test lets it, so "already in flight" is a state the test sets up rather than a race it
 * hopes for.
 */
async function heldSubgraph() {
  const received: Array<{ query: string; authorization: string | undefined }> = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { query } = JSON.parse(body) as { query: string };
      received.push({ query, authorization: request.headers.authorization });
      const n = received.length;
      // Mutations are answered at once; queries wait for the test.
      void (query.startsWith('mutation') ? Promise.resolve() : gate).then(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ data: { products: [{ sku: 'SG-0001', answer: n }] } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received,
    open() {
      release();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Answer = { data?: { products: Array<{ sku: string; answer: number }> } };

describe('subgraph fetches from the gateway', () => {
  let subgraph: Awaited<ReturnType<typeof heldSubgraph>>;
  let shared = 0;
  const credentials = new SubgraphCredentials({ authorization: () => Promise.resolve('Bearer gateway-service') });
  const source = () => subgraphDataSource('catalog', subgraph.url, 10_000, credentials, () => (shared += 1));
  const send = (dataSource: ReturnType<typeof source>, query: string, authorization: string | null) =>
    dataSource.process({
      // GraphQLDataSourceRequestKind.INCOMING_OPERATION: the enum's value, which the package does not export.
      kind: 'incoming operation',
      request: { query, variables: { first: 20 } },
      context: { caller: ANONYMOUS, authorization },
      incomingRequestContext: {},
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>) as Promise<Answer>;
  const LISTING = 'query Listing__catalog__0($first:Int){products(first:$first){sku}}';

  beforeEach(async () => {
    shared = 0;
    subgraph = await heldSubgraph();
  });
  afterEach(() => subgraph.close());

  it('sends one of identical concurrent queries, and gives every caller its own copy of the answer', async () => {
    const dataSource = source();
    const answers = Array.from({ length: 5 }, () => send(dataSource, LISTING, null));
    await waitFor(() => subgraph.received.length === 1, { what: 'the first fetch' });
    subgraph.open();
    const results = await Promise.all(answers);
    expect(subgraph.received).toHaveLength(1);
    expect(shared).toBe(4);
    expect(results.map((r) => r.data)).toEqual(Array(5).fill({ products: [{ sku: 'SG-0001', answer: 1 }] }));
    // The gateway merges into what it gets back: one caller's answer is never another's.
    (results[0]?.data?.products[0] as { sku: string }).sku = 'changed';
    expect(results[1]?.data?.products[0]?.sku).toBe('SG-0001');
    // Once answered, the next identical query is sent afresh.
    await send(dataSource, LISTING, null);
    expect(subgraph.received).toHaveLength(2);
  });

  it('never shares between callers with different credentials', async () => {
    const dataSource = source();
    const answers = [
      send(dataSource, LISTING, 'Bearer alice'),
      send(dataSource, LISTING, 'Bearer bob'),
      send(dataSource, LISTING, null),
    ];
    await waitFor(() => subgraph.received.length === 3, { what: 'three fetches' });
    subgraph.open();
    await Promise.all(answers);
    expect(subgraph.received.map((r) => r.authorization).sort()).toEqual([
      'Bearer alice',
      'Bearer bob',
      'Bearer gateway-service',
    ]);
    expect(shared).toBe(0);
  });

  it('sends every mutation, and a query sent after a mutation does not join a fetch from before it', async () => {
    const dataSource = source();
    const MUTATION = 'mutation Reserve__inventory__0($first:Int){reserve(first:$first){sku}}';
    const before = send(dataSource, LISTING, 'Bearer alice');
    const mutations = [send(dataSource, MUTATION, 'Bearer alice'), send(dataSource, MUTATION, 'Bearer alice')];
    const after = send(dataSource, LISTING, 'Bearer alice');
    await waitFor(() => subgraph.received.length === 4, { what: 'a query, two mutations and a query' });
    await Promise.all(mutations);
    subgraph.open();
    const [first, second] = await Promise.all([before, after]);
    expect(subgraph.received.map((r) => r.query.split(' ')[0]).sort()).toEqual([
      'mutation',
      'mutation',
      'query',
      'query',
    ]);
    // Two fetches, two answers (the subgraph numbers its requests in arrival order).
    expect(first?.data?.products[0]?.answer).not.toBe(second?.data?.products[0]?.answer);
    expect(shared).toBe(0);
  });

  it('does not let a query sent after a mutation answered join one sent while it ran', async () => {
    const dataSource = source();
    const MUTATION = 'mutation Reserve__inventory__0($first:Int){reserve(first:$first){sku}}';
    const mutation = send(dataSource, MUTATION, 'Bearer alice');
    const during = send(dataSource, LISTING, 'Bearer alice');
    await mutation;
    const after = send(dataSource, LISTING, 'Bearer alice');
    await waitFor(() => subgraph.received.length === 3, { what: 'the mutation and two queries' });
    subgraph.open();
    const [a, b] = await Promise.all([during, after]);
    expect(a?.data?.products[0]?.answer).not.toBe(b?.data?.products[0]?.answer);
    expect(shared).toBe(0);
  });

  it('tells every caller sharing a fetch that it failed, with a code naming the service that cannot be reached', async () => {
    const dataSource = subgraphDataSource(
      'inventory',
      'http://127.0.0.1:9/graphql',
      10_000,
      credentials,
      () => (shared += 1),
    );
    const outcomes = await Promise.allSettled(Array.from({ length: 3 }, () => send(dataSource, LISTING, null)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as DomainError) : null));
    expect(reasons.map((r) => [r?.code, r?.category])).toEqual(
      Array.from({ length: 3 }, () => ['SUBGRAPH_UNAVAILABLE', 'UNAVAILABLE']),
    );
    expect(reasons[0]?.message).toMatch(/^the inventory service cannot be reached/);
    expect(shared).toBe(2);
  });
});
