import { ApolloServer, HeaderMap } from '@apollo/server';
import { Registry } from 'prom-client';
import type { Caller } from '@stockgraph/domain';
import { CALLER_HEADER, CallerBudget } from '@stockgraph/runtime';
import { operationMetrics } from './operation-metrics';

/** A caller as the subgraph's authenticator makes it from a verified service token. */
const service = (name: string): Caller => ({ subject: name, roles: ['service'], locations: [] });

describe('operationMetrics with a caller budget', () => {
  const setup = async (limits: ReadonlyMap<string, number> = new Map([['catalog', 2]])) => {
    let now = 50_000;
    let executed = 0;
    const registry = new Registry();
    const budget = new CallerBudget(limits, { now: () => now });
    const server = new ApolloServer<{ caller?: Caller }>({
      typeDefs: 'type Query { ping: Int! }',
      resolvers: { Query: { ping: () => (executed += 1) } },
      plugins: [operationMetrics(registry, { budget })],
    });
    await server.start();
    const call = async (caller?: Caller, headers: Array<[string, string]> = []) => {
      const response = await server.executeOperation(
        {
          query: 'query Ping { ping }',
          http: { method: 'POST', headers: new HeaderMap(headers), search: '', body: {} },
        },
        { contextValue: caller ? { caller } : {} },
      );
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { status: response.http.status, result: response.body.singleResult };
    };
    const metric = async (name: string, labels: Record<string, string>) => {
      const found = (await registry.getSingleMetric(name)?.get())?.values.find((v) =>
        Object.entries(labels).every(([k, value]) => v.labels[k] === value),
      );
      return found?.value ?? 0;
    };
    return { server, call, metric, advance: (ms: number) => (now += ms), executed: () => executed };
  };

  it('refuses a call over budget before it executes, as RATE_LIMITED / UNAVAILABLE with HTTP 429', async () => {
    // Arrange
    const { server, call, executed } = await setup();
    await call(service('catalog'));
    await call(service('catalog'));
    // Act
    const refused = await call(service('catalog'));
    // Assert
    expect(refused.status).toBe(429);
    expect(refused.result.data).toBeUndefined();
    expect(refused.result.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      category: 'UNAVAILABLE',
      retryAfterMs: 1000,
    });
    expect(executed()).toBe(2);
    await server.stop();
  });

  it('counts as served only what it let through, and the refusals on their own', async () => {
    const { server, call, metric, advance } = await setup();
    for (let i = 0; i < 5; i += 1) await call(service('catalog'));
    advance(1000);
    await call(service('catalog'));
    await call(service('order'));
    expect(await metric('graphql_operations_total', { operation: 'Ping' })).toBe(4);
    expect(await metric('graphql_operation_peak_per_second', { operation: 'Ping' })).toBe(2);
    expect(await metric('graphql_operations_refused_total', { caller: 'catalog', operation: 'Ping' })).toBe(3);
    await server.stop();
  });

  it("spends a service's budget only for that service's own verified token, never for a name someone else claims", async () => {
    // Arrange: catalog may make 2 calls a second, everyone else 1 between them.
    const { server, call, executed } = await setup(
      new Map([
        ['catalog', 2],
        ['*', 1],
      ]),
    );
    const customerNamedCatalog: Caller = { subject: 'catalog', roles: ['customer'], locations: [] };
    const actingViaCatalog: Caller = { ...service('catalog'), via: 'gateway' };
    // Act
    const first = await call(undefined, [[CALLER_HEADER, 'catalog']]);
    const claimers = [
      await call(undefined, [[CALLER_HEADER, 'catalog']]),
      await call(customerNamedCatalog),
      await call(actingViaCatalog),
    ];
    const catalog = [await call(service('catalog')), await call(service('catalog'))];
    // Assert: the header, a customer called "catalog" and an identity forwarded by someone else all spent `*`.
    expect(first.status).not.toBe(429);
    expect(claimers.map((c) => c.status)).toEqual([429, 429, 429]);
    expect(catalog.map((c) => c.result.errors)).toEqual([undefined, undefined]);
    expect(executed()).toBe(3);
    await server.stop();
  });
});
