import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { describeWithRedis, testInfra, waitFor } from '@stockgraph/testing';
import {
  DEMO,
  type EmbeddedStack,
  type GatewayProcess,
  startEmbeddedStack,
  startGatewayProcess,
  TIMEOUT,
  tokenFrom,
  TEST_DEMO_PASSWORD,
  upgradeWebSocket,
} from '../src';

/** A window far longer than any test, so no budget refills while a test counts it. */
const WINDOW_SECONDS = 600;
const QUERY = '{ categories { id } }';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string; retryAfterMs?: number } }> };
}

async function post(url: string, query: string, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Answer['body'],
  };
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort((a, b) => a - b);
const times = (count: number, status: number) => Array.from({ length: count }, () => status);

/** A demo user's real token from the gateway's development issuer: its verified `sub` is the identity a budget belongs to. */
const tokenOf = (origin: string, user: string) => tokenFrom(origin, { user });

describe('per-identity rate limits at the gateway', () => {
  const POINTS = 5;
  let stack: EmbeddedStack;
  let api: string;

  beforeAll(async () => {
    stack = await startEmbeddedStack({
      RATE_LIMIT_POINTS: String(POINTS),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    api = `${stack.origin}/graphql`;
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await stack?.stop();
  }, TIMEOUT.stopStack);

  // Each test spends the budgets of identities no other test of this stack uses.
  it(
    'refuses a burst from one identity past its budget with 429 and Retry-After, and serves another identity',
    async () => {
      const shopperA = await tokenOf(stack.origin, DEMO.customerA);
      const shopperB = await tokenOf(stack.origin, DEMO.customerB);

      const burst = await Promise.all(Array.from({ length: POINTS + 3 }, () => post(api, QUERY, shopperA)));
      const other = await post(api, QUERY, shopperB);
      const anonymous = await post(api, QUERY);

      expect(statuses(burst)).toEqual([...times(POINTS, 200), ...times(3, 429)]);
      const refused = burst.filter((a) => a.status === 429);
      for (const answer of refused) {
        const seconds = Number(answer.retryAfter);
        expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= WINDOW_SECONDS).toBe(true);
        expect(answer.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        expect(answer.body.errors?.[0]?.message).toBe(`Too many requests; retry in ${seconds} s.`);
      }
      expect(other.status).toBe(200);
      expect(other.body.errors).toBeUndefined();
      expect(anonymous.status).toBe(200);
    },
    TIMEOUT.test,
  );

  it(
    'refuses an over-budget request before Apollo sees it: a broken document gets 429, not a parse error',
    async () => {
      const shopper = await tokenOf(stack.origin, DEMO.storeX);
      const spent = await Promise.all(Array.from({ length: POINTS }, () => post(api, QUERY, shopper)));

      const broken = await post(api, '{ categories {', shopper);

      expect(statuses(spent)).toEqual(times(POINTS, 200));
      expect(broken.status).toBe(429);
      expect(broken.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    },
    TIMEOUT.test,
  );

  it(
    'spends the same budget on WebSocket connection attempts and anonymous subscribes, refusing the upgrade with 429 once it is gone',
    async () => {
      // An upgrade carries nothing verified (a browser cannot send a token with it), so it
      // spends its address's budget, as the subscribes of a socket that signed in as nobody
      // do. From an address of its own (still loopback): the anonymous request of the first
      // test came from 127.0.0.1.
      const localAddress = '127.0.0.2';
      const client = createClient({
        url: api.replace(/^http/, 'ws'),
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { localAddress });
          }
        },
        retryAttempts: 0,
        lazy: false,
      });
      const outcomes: Array<{ id: number; code: string | undefined }> = [];
      try {
        // One point for the connection, one per subscribe: the fifth subscribe is the sixth request.
        for (let id = 1; id <= POINTS; id += 1) {
          client.subscribe(
            { query: 'subscription { stockChanged(skus: ["SG-0001"]) { sku } }' },
            {
              next: () => undefined,
              error: (error) =>
                outcomes.push({ id, code: (error as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code }),
              complete: () => undefined,
            },
          );
        }
        await waitFor(() => outcomes.length > 0, { what: 'a subscribe to be refused', timeoutMs: 30_000 });
        const upgrade = await upgradeWebSocket(api, {}, 30_000, { localAddress });

        expect(outcomes).toEqual([{ id: POINTS, code: 'RATE_LIMITED' }]);
        expect(upgrade.opened).toBe(false);
        if (upgrade.opened) return;
        expect(upgrade.status).toBe(429);
        expect(Number(upgrade.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(JSON.parse(upgrade.body)).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
      } finally {
        await client.dispose();
      }
    },
    TIMEOUT.test,
  );
});

/**
 * Two gateway instances in front of the same subgraphs, counting in one Redis: a budget
 * of N is N across both, not N each. Each run uses keys of its own (RATE_LIMIT_PREFIX).
 */
describeWithRedis('one rate-limit budget across gateway instances', () => {
  const POINTS = 6;
  let stack: EmbeddedStack;
  let gateways: GatewayProcess[] = [];
  const SIGN_IN_POINTS = 3;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    const subgraphs = {
      catalog: stack.url('catalog'),
      inventory: stack.url('inventory'),
      order: stack.url('order'),
      accounts: stack.url('accounts'),
    };
    const env = {
      // The extra instances trust and sign with the embedded stack's development key, as its own gateway does.
      AUTH_MODE: 'dev',
      AUTH_DEV_KEY_FILE: stack.authKeyFile,
      REDIS_URL: testInfra.redisUrl ?? '',
      RATE_LIMIT_PREFIX: `stockgraph:e2e:${randomUUID()}:gateway:rl`,
      RATE_LIMIT_POINTS: String(POINTS),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      SIGN_IN_RATE_LIMIT_POINTS: String(SIGN_IN_POINTS),
      SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      DEMO_PASSWORD: TEST_DEMO_PASSWORD,
    };
    gateways = await Promise.all([
      startGatewayProcess('gateway-1', subgraphs, env),
      startGatewayProcess('gateway-2', subgraphs, env),
    ]);
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await stack?.stop();
  }, TIMEOUT.stopStack);

  it(
    'lets N requests split across both instances exhaust a budget of N, and serves another identity on both',
    async () => {
      const [first, second] = gateways as [GatewayProcess, GatewayProcess];
      // Tokens from either instance's issuer would do: every process trusts the stack's one development key.
      const shopper = await tokenOf(stack.origin, DEMO.customerA);
      const other = await tokenOf(stack.origin, DEMO.customerB);

      const split = await Promise.all(
        Array.from({ length: POINTS }, (_, i) => post((i % 2 === 0 ? first : second).url, QUERY, shopper)),
      );
      const afterOnFirst = await post(first.url, QUERY, shopper);
      const afterOnSecond = await post(second.url, QUERY, shopper);
      const otherOnBoth = [await post(first.url, QUERY, other), await post(second.url, QUERY, other)];

      expect(statuses(split)).toEqual(times(POINTS, 200));
      expect([afterOnFirst.status, afterOnSecond.status]).toEqual([429, 429]);
      expect(afterOnSecond.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(afterOnFirst.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(statuses(otherOnBoth)).toEqual([200, 200]);
    },
    TIMEOUT.test,
  );

  it(
    'spends one sign-in budget per address on both instances: each aliased signIn a guess, /auth/token too, other requests untouched',
    async () => {
      const [first, second] = gateways as [GatewayProcess, GatewayProcess];
      const guess = (alias: string) =>
        `${alias}: signIn(input: { email: "nobody-${randomUUID()}@example.com", password: "guess number one" }) { tokenType }`;
      const codes = (answer: Answer) => answer.body.errors?.map((error) => error.extensions?.code) ?? [];
      // Anonymous, so these count against the address (ip:127.0.0.1), whose general budget is POINTS.
      const twoGuesses = await post(first.url, `mutation { ${guess('a')} ${guess('b')} }`);
      const thirdGuess = await post(second.url, `mutation { ${guess('c')} }`);
      const overBudget = await post(first.url, `mutation { ${guess('d')} }`);
      const demoSignIn = await fetch(`${new URL(second.url).origin}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: DEMO.ops, password: TEST_DEMO_PASSWORD }),
        signal: AbortSignal.timeout(30_000),
      });
      const browsing = await post(second.url, QUERY);

      expect([twoGuesses.status, thirdGuess.status]).toEqual([200, 200]);
      // The first refused signIn ends the mutation (its result is non-null), yet both aliases were paid for.
      expect(codes(twoGuesses)).toEqual(['INVALID_CREDENTIALS']);
      expect(codes(thirdGuess)).toEqual(['INVALID_CREDENTIALS']);
      expect(overBudget.status).toBe(429);
      expect(codes(overBudget)).toEqual(['RATE_LIMITED']);
      expect(overBudget.body.errors?.[0]?.message).toMatch(/sign-in attempts from this address/);
      expect(demoSignIn.status).toBe(429);
      expect(((await demoSignIn.json()) as { error: string }).error).toBe('slow_down');
      expect(browsing.status).toBe(200);
    },
    TIMEOUT.test,
  );
});
