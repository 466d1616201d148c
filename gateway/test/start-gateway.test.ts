import pino from 'pino';
import { getIntrospectionQuery } from 'graphql';
import { bearer, testAuthEnv } from '@stockgraph/testing';
import { loadGatewayConfig } from '../src/config';
import { type RunningGateway, startGateway } from '../src/start-gateway';

const log = pino({ level: 'silent' });

/**
 * The gateway as `gateway/dist/main.js` starts it (distributed mode), on a free port. It
 * plans over the committed supergraph, so nothing here needs a subgraph running.
 */
describe('the gateway started from the environment', () => {
  const start = (env: Record<string, string>) =>
    startGateway(loadGatewayConfig({ ...testAuthEnv, PORT: '0', ...env }), { log });
  const origin = (gateway: RunningGateway) => gateway.url.replace(/\/graphql$/, '');
  const post = async (gateway: RunningGateway, query: string) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code };
  };

  it('serves no console and refuses introspection by default', async () => {
    const gateway = await start({});
    try {
      expect((await fetch(`${origin(gateway)}/graphiql`)).status).toBe(404);
      expect(await post(gateway, getIntrospectionQuery())).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    } finally {
      await gateway.stop();
    }
  });

  it('serves the console and answers the full introspection query when configured to', async () => {
    const gateway = await start({ CONSOLE: 'true', INTROSPECTION: 'true' });
    try {
      const page = await fetch(`${origin(gateway)}/graphiql`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('stockgraph console');
      expect(
        await post(
          gateway,
          getIntrospectionQuery({
            descriptions: true,
            specifiedByUrl: true,
            directiveIsRepeatable: true,
            inputValueDeprecation: true,
          }),
        ),
      ).toEqual({
        status: 200,
        code: undefined,
      });
    } finally {
      await gateway.stop();
    }
  });

  it('reads no dead letters without KAFKA_BROKERS, and says so in the operations summary', async () => {
    const gateway = await start({
      CATALOG_URL: 'http://127.0.0.1:9/graphql',
      INVENTORY_URL: 'http://127.0.0.1:9/graphql',
      ORDER_URL: 'http://127.0.0.1:9/graphql',
    });
    try {
      const response = await fetch(`${origin(gateway)}/ops/summary`, {
        headers: await bearer({ subject: 'ops', roles: ['ops'], locations: [] }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { recentDeadLetters: unknown }).recentDeadLetters).toEqual({
        available: false,
        topics: [],
      });
    } finally {
      await gateway.stop();
    }
  });

  it('refuses an operation over a limit with HTTP 400 and its code, before it reaches any subgraph', async () => {
    // The subgraph URLs point at a closed port: a refusal that planned and fetched would fail otherwise.
    const gateway = await start({
      CATALOG_URL: 'http://127.0.0.1:9/graphql',
      INVENTORY_URL: 'http://127.0.0.1:9/graphql',
      ORDER_URL: 'http://127.0.0.1:9/graphql',
    });
    try {
      const aliases = `{ product(sku: "SG-0001") { ${Array.from({ length: 31 }, (_, i) => `a${i}: sku`).join(' ')} } }`;
      expect(await post(gateway, aliases)).toEqual({ status: 400, code: 'TOO_MANY_ALIASES' });
    } finally {
      await gateway.stop();
    }
  });
});
