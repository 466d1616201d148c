import { randomUUID } from 'node:crypto';
import { waitFor } from '@stockgraph/testing';
import { type EmbeddedStack, readMetric, TIMEOUT } from '../src';
import { sharedEmbeddedStack } from './support/shared-stacks';
import { type Answer, send } from '../src/role-matrix/answer';
import { type Authorizations, BAD_TOKENS, LOCATION_X, mintIdentities, mintWith } from '../src/role-matrix/identities';
import { type LiveClient, subscribeLive } from '../src/role-matrix/live-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the shape it selected
type Data = Record<string, any>;
const dataOf = (answer: Answer) => (answer.data ?? {}) as Data;

// What a shopper may watch: `available`, and `version` to order the events (quantities are staff's).
const STOCK_CHANGED = 'subscription ($skus: [ID!]) { stockChanged(skus: $skus) { sku locationId available version } }';
const ORDER_UPDATED = 'subscription ($id: ID!) { orderUpdated(id: $id) { id status customerId } }';
/** graphql-ws close code for a connection_init the server does not accept, and for a token that ran out. */
const UNAUTHORIZED = 4401;
const SHOPPERS = 1000;
/** Sockets opened at once while the 1,000 connect: enough to be quick, few enough not to swamp a 2-core machine. */
const CONNECT_BATCH = 50;

/**
 * Subscriptions and who is subscribing (issue 10, item 5): the token travels in
 * graphql-ws `connection_init`, a bad one or one that runs out closes the socket with
 * 4401, an order is watched only by its customer and ops, and live stock, which is not
 * personal, is still one upstream subscription however many signed-in shoppers share it.
 */
describe('subscriptions with tokens', () => {
  let stack: EmbeddedStack;
  let auth: Authorizations;
  let gateway: string;
  const open: LiveClient[] = [];

  const live = (query: string, variables: Record<string, unknown>, authorization?: string) => {
    const client = subscribeLive(gateway, query, variables, authorization);
    open.push(client);
    return client;
  };
  const gatewayMetric = (name: string) => readMetric(`${stack.origin}/metrics`, name);
  const liveSubscribers = () => readMetric(stack.url('inventory', '/metrics'), 'stock_live_subscribers');
  const adjust = async (
    sku: string,
    delta: number,
  ): Promise<{ onHand: number; available: number; version: number }> => {
    const answer = await send(
      gateway,
      'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { stockLevel { onHand available version } userErrors { code } } }',
      { key: randomUUID(), input: { sku, locationId: LOCATION_X, delta, reason: 'CORRECTION' } },
      auth.ops,
    );
    const level = dataOf(answer).adjustStock?.stockLevel;
    if (!level) throw new Error(`adjustStock failed: ${JSON.stringify(answer)}`);
    return level;
  };
  const disposeAll = async (clients: LiveClient[]) => {
    for (let i = 0; i < clients.length; i += CONNECT_BATCH)
      await Promise.all(clients.slice(i, i + CONNECT_BATCH).map((client) => client.dispose()));
  };

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    gateway = `${stack.origin}/graphql`;
    auth = await mintIdentities(stack);
  }, TIMEOUT.startStack);

  afterEach(async () => {
    await disposeAll(open.splice(0));
    await waitFor(
      async () =>
        (await gatewayMetric('gateway_client_subscriptions')) === 0 &&
        (await gatewayMetric('gateway_upstream_subscriptions')) === 0,
      {
        timeoutMs: 30_000,
        what: 'every subscription to end, upstream too',
      },
    );
  }, TIMEOUT.stopStack);

  it.each(BAD_TOKENS)(
    'closes the socket with 4401 when connection_init carries a token that is %s',
    async (identity) => {
      const client = live(STOCK_CHANGED, { skus: ['SG-0001'] }, auth[identity]);
      expect(await client.acknowledged).toBe(false);
      expect(client.close?.code).toBe(UNAUTHORIZED);
      expect(client.results).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    'serves a signed-in socket until its token expires, then closes it with 4401',
    async () => {
      // Valid for 20 s, time enough for a loaded machine to connect and deliver one change; the socket must end at
      // exp itself, although verifiers would accept the token for the 30 s of clock tolerance after it.
      const expiresAt = Math.floor(Date.now() / 1000) + 20;
      const token = await mintWith(stack, auth.customerA.replace(/^Bearer /, ''), { exp: expiresAt });
      const client = live(STOCK_CHANGED, { skus: ['SG-0002'] }, `Bearer ${token}`);
      expect(await client.acknowledged).toBe(true);
      await waitFor(async () => (await liveSubscribers()) === 1, {
        timeoutMs: 30_000,
        what: 'the subscription upstream',
      });
      const changed = await adjust('SG-0002', 1);
      await waitFor(() => client.results.some((result) => result.data?.stockChanged.version === changed.version), {
        timeoutMs: 30_000,
        what: 'the stock change',
      });

      await waitFor(() => client.close !== null, {
        timeoutMs: expiresAt * 1000 - Date.now() + 30_000,
        intervalMs: 200,
        what: 'the socket to close when the token expires',
      });
      expect(client.close).toEqual({
        code: UNAUTHORIZED,
        reason: expect.stringContaining('expired'),
        at: expect.any(Number),
      });
      // Not before the token's expiry (a second's slack for timer rounding).
      expect(client.close?.at).toBeGreaterThanOrEqual(expiresAt * 1000 - 1000);
    },
    TIMEOUT.longTest,
  );

  it(
    "lets customer A and ops watch A's order, and refuses customer B with FORBIDDEN and anonymous with UNAUTHENTICATED",
    async () => {
      const placed = await send(
        gateway,
        'mutation ($key: String!) { placeOrder(idempotencyKey: $key, input: { lines: [{ sku: "SG-0003", quantity: 1 }] }) { order { id status } } }',
        { key: randomUUID() },
        auth.customerA,
      );
      const orderId: string = dataOf(placed).placeOrder.order.id;
      const owner = live(ORDER_UPDATED, { id: orderId }, auth.customerA);
      const ops = live(ORDER_UPDATED, { id: orderId }, auth.ops);
      const other = live(ORDER_UPDATED, { id: orderId }, auth.customerB);
      const anonymous = live(ORDER_UPDATED, { id: orderId });
      const statuses = (client: LiveClient) =>
        client.results.flatMap((result) => (result.data ? [result.data.orderUpdated.status as string] : []));

      await waitFor(
        () =>
          statuses(owner).length > 0 &&
          statuses(ops).length > 0 &&
          other.codes().length > 0 &&
          anonymous.codes().length > 0,
        {
          timeoutMs: 30_000,
          what: 'every watcher to get its first answer',
        },
      );
      expect(other.codes()).toEqual(['FORBIDDEN']);
      expect(anonymous.codes()).toEqual(['UNAUTHENTICATED']);
      expect(owner.results[0]?.data?.orderUpdated).toEqual({ id: orderId, status: 'RESERVED', customerId: 'alice' });

      const cancelled = await send(
        gateway,
        'mutation ($id: ID!) { cancelOrder(id: $id) { order { status } } }',
        { id: orderId },
        auth.customerA,
      );
      expect(dataOf(cancelled).cancelOrder.order.status).toBe('CANCELLED');
      await waitFor(() => statuses(owner).includes('CANCELLED') && statuses(ops).includes('CANCELLED'), {
        timeoutMs: 30_000,
        what: 'the cancellation to reach the watchers',
      });
      expect(statuses(owner)).toEqual(['RESERVED', 'CANCELLED']);
      expect(statuses(ops)).toEqual(['RESERVED', 'CANCELLED']);
      expect(statuses(other)).toEqual([]);
      expect(statuses(anonymous)).toEqual([]);
    },
    TIMEOUT.test,
  );

  it(
    `shares one upstream subscription among ${SHOPPERS} signed-in shoppers, each on a socket of their own, and every one gets the change`,
    async () => {
      const sku = 'SG-0004';
      const base = auth.customerA.replace(/^Bearer /, '');
      const tokens = await Promise.all(
        Array.from({ length: SHOPPERS }, (_, i) => mintWith(stack, base, { sub: `shopper-${i}` })),
      );
      const shoppers: LiveClient[] = [];
      for (let i = 0; i < SHOPPERS; i += CONNECT_BATCH) {
        const batch = tokens
          .slice(i, i + CONNECT_BATCH)
          .map((token) => live(STOCK_CHANGED, { skus: [sku] }, `Bearer ${token}`));
        shoppers.push(...batch);
        expect(await Promise.all(batch.map((client) => client.acknowledged))).toEqual(batch.map(() => true));
      }
      await waitFor(async () => (await gatewayMetric('gateway_client_subscriptions')) === SHOPPERS, {
        timeoutMs: 60_000,
        what: `${SHOPPERS} client subscriptions at the gateway`,
      });
      expect(await gatewayMetric('gateway_websocket_connections')).toBeGreaterThanOrEqual(SHOPPERS);
      expect(await gatewayMetric('gateway_upstream_subscriptions')).toBe(1);
      expect(await liveSubscribers()).toBe(1);

      const changed = await adjust(sku, 3);
      const got = () =>
        shoppers.filter((client) =>
          client.results.some((result) => result.data?.stockChanged.version === changed.version),
        ).length;
      await waitFor(() => got() === SHOPPERS, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `all ${SHOPPERS} shoppers to get the change`,
      }).catch((error: Error) => {
        throw new Error(`${error.message} (${got()} did)`);
      });
      expect(shoppers.filter((client) => client.close !== null || client.failures.length > 0)).toEqual([]);
      expect(shoppers[SHOPPERS - 1]?.results).toEqual([
        {
          data: {
            stockChanged: { sku, locationId: LOCATION_X, available: changed.available, version: changed.version },
          },
        },
      ]);
      expect(await gatewayMetric('gateway_upstream_subscriptions')).toBe(1);
      expect(await liveSubscribers()).toBe(1);

      await disposeAll(open.splice(0));
      await waitFor(async () => (await liveSubscribers()) === 0, {
        timeoutMs: 30_000,
        what: 'the shared upstream subscription to end with its last client',
      });
    },
    TIMEOUT.longTest,
  );
});
