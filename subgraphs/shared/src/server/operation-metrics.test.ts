import { ApolloServer, HeaderMap } from '@apollo/server';
import { Registry } from 'prom-client';
import { CALLER_HEADER, CallerBudget } from './caller-budget';
import { operationMetrics } from './operation-metrics';

describe('operationMetrics with a caller budget', () => {
  const setup = async () => {
    let now = 50_000;
    let executed = 0;
    const registry = new Registry();
    const budget = new CallerBudget(new Map([['catalog', 2]]), { now: () => now });
    const server = new ApolloServer({
      typeDefs: 'type Query { ping: Int! }',
      resolvers: { Query: { ping: () => (executed += 1) } },
      plugins: [operationMetrics(registry, { budget })],
    });
    await server.start();
    const call = async (caller?: string) => {
      const headers = new HeaderMap(caller ? [[CALLER_HEADER, caller]] : []);
      const response = await server.executeOperation({
        query: 'query Ping { ping }',
        http: { method: 'POST', headers, search: '', body: {} },
      });
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
    await call('catalog');
    await call('catalog');
    // Act
    const refused = await call('catalog');
    // Assert
    expect(refused.status).toBe(429);
    expect(refused.result.data).toBeUndefined();
    expect(refused.result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', category: 'UNAVAILABLE', retryAfterMs: 1000 });
    expect(executed()).toBe(2);
    await server.stop();
  });

  it('counts as served only what it let through, and the refusals on their own', async () => {
    const { server, call, metric, advance } = await setup();
    for (let i = 0; i < 5; i += 1) await call('catalog');
    advance(1000);
    await call('catalog');
    await call('order');
    expect(await metric('graphql_operations_total', { operation: 'Ping' })).toBe(4);
    expect(await metric('graphql_operation_peak_per_second', { operation: 'Ping' })).toBe(2);
    expect(await metric('graphql_operations_refused_total', { caller: 'catalog', operation: 'Ping' })).toBe(3);
    await server.stop();
  });
});
