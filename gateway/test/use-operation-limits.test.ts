import fs from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { getIntrospectionQuery } from 'graphql';
import { testAuthEnv } from '@stockgraph/testing';
import { loadGatewayConfig } from '../src/config';
import { useOperationChecks } from '../src/plugins/use-operation-checks';
import { useOperationLimits } from '../src/plugins/use-operation-limits';
import { SubscriptionPlanner } from '../src/subscriptions/planning/subscription-planner';

const STOREFRONT = `products(first: 100) { edges { node { sku name price { amount currency } stockSummary { available inStock byRegion { region available } } inventory { available } } } }`;

/**
 * The default limits on the API schema the gateway serves (the committed supergraph), through
 * Apollo Server as the gateway runs it: what passes, and that a refusal keeps its code and
 * answers HTTP 400.
 */
describe('the default operation limits on the gateway API', () => {
  const config = loadGatewayConfig(testAuthEnv);
  const { apiSchema } = new SubscriptionPlanner(fs.readFileSync(config.supergraphPath, 'utf8'));
  const server = new ApolloServer({
    schema: apiSchema,
    rootValue: { products: () => ({ edges: [] }) },
    introspection: true,
    plugins: [useOperationChecks(), useOperationLimits(config.limits)],
  });
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await server.executeOperation({ query, variables }, {});
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status ?? 200, errors: response.body.singleResult.errors };
  };

  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets the storefront listing and the console introspection query through', async () => {
    expect(await run(`{ ${STOREFRONT} }`)).toEqual({ status: 200, errors: undefined });
    expect(
      await run(
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          inputValueDeprecation: true,
        }),
      ),
    ).toEqual({
      status: 200,
      errors: undefined,
    });
  });

  it('refuses ten aliases of the storefront listing as too costly, with HTTP 400 and the numbers', async () => {
    const { status, errors } = await run(
      `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: ${STOREFRONT}`).join(' ')} }`,
    );

    expect(status).toBe(400);
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 10_000, measured: 43_000 });
    expect(errors?.[0]?.message).toContain('estimated cost is 43,000; at most 10,000');
  });

  it('refuses a list of 100,000 skus in the variables before anything runs', async () => {
    const skus = Array.from({ length: 100_000 }, (_, i) => `SG-${i}`);
    const { status, errors } = await run(`query ($skus: [ID!]!) { stockLevels(skus: $skus) { sku available } }`, {
      skus,
    });

    expect(status).toBe(400);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'INPUT_LIST_TOO_LONG', limit: 1000, measured: 100_000 });
  });
});
