import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '@stockgraph/testing';
import {
  type EmbeddedStack,
  readMetric,
  startEmbeddedStack,
  TIMEOUT,
  upgradeWebSocket,
  type UpgradeOutcome,
} from '../src';

const CONNECTIONS_PER_ADDRESS = 3;
const MAX_SUBSCRIPTIONS = 4;
const STOCK_CHANGED = 'subscription { stockChanged(skus: ["SG-0001"]) { sku } }';

type Opened = Extract<UpgradeOutcome, { opened: true }>;

/**
 * The gateway's WebSocket caps, on the embedded stack with small ones: connections open at
 * once from one address (every test client is 127.0.0.1), and client subscriptions held
 * by the whole gateway instance.
 */
describe('WebSocket caps at the gateway', () => {
  let stack: EmbeddedStack;
  let api: string;

  beforeAll(async () => {
    stack = await startEmbeddedStack({
      WS_CONNECTIONS_PER_IDENTITY: String(CONNECTIONS_PER_ADDRESS),
      MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
    });
    api = `${stack.origin}/graphql`;
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await stack?.stop();
  }, TIMEOUT.stopStack);

  const gatewayMetric = (name: string) => readMetric(`${stack.origin}/metrics`, name);
  // Each test starts from no connection: a socket the last test closed may still be closing on the server.
  beforeEach(
    () =>
      waitFor(async () => (await gatewayMetric('gateway_websocket_connections')) === 0, {
        what: 'no open WebSocket',
        timeoutMs: 30_000,
      }),
    TIMEOUT.test,
  );

  it(
    `refuses the connection past ${CONNECTIONS_PER_ADDRESS} from one address with HTTP 429, and takes one again once one closes`,
    async () => {
      const opened: Opened[] = [];
      try {
        for (let i = 0; i < CONNECTIONS_PER_ADDRESS; i += 1) {
          const outcome = await upgradeWebSocket(api);
          if (!outcome.opened)
            throw new Error(`connection ${i + 1} was refused with ${outcome.status}: ${outcome.body}`);
          opened.push(outcome);
        }

        const refused = await upgradeWebSocket(api);

        expect(refused.opened).toBe(false);
        if (refused.opened) return;
        expect(refused.status).toBe(429);
        expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'CONNECTION_LIMIT' } }] });

        const leaving = opened.shift() as Opened;
        leaving.socket.close();
        await leaving.closed;
        await waitFor(
          async () => (await gatewayMetric('gateway_websocket_connections')) === CONNECTIONS_PER_ADDRESS - 1,
          { what: 'the server to see one close', timeoutMs: 30_000 },
        );
        const again = await upgradeWebSocket(api);
        expect(again.opened).toBe(true);
        if (again.opened) opened.push(again);
      } finally {
        for (const { socket, closed } of opened) {
          socket.close();
          await closed;
        }
      }
    },
    TIMEOUT.test,
  );

  it(
    'counts an event stream (server-sent events) against the same per-address cap as a WebSocket',
    async () => {
      const opened: Opened[] = [];
      const streams: AbortController[] = [];
      try {
        for (let i = 0; i < CONNECTIONS_PER_ADDRESS - 1; i += 1) {
          const outcome = await upgradeWebSocket(api);
          if (!outcome.opened)
            throw new Error(`connection ${i + 1} was refused with ${outcome.status}: ${outcome.body}`);
          opened.push(outcome);
        }
        const stream = (signal: AbortSignal) =>
          fetch(api, {
            method: 'POST',
            headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
            body: JSON.stringify({ query: 'subscription { stockChanged(skus: ["SG-0001"]) { sku } }' }),
            signal,
          });
        const first = new AbortController();
        streams.push(first);
        expect((await stream(first.signal)).status).toBe(200);
        const second = new AbortController();
        streams.push(second);
        const refused = await stream(second.signal);
        expect(refused.status).toBe(429);
        expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'CONNECTION_LIMIT' } }] });
        const socketRefused = await upgradeWebSocket(api);
        expect(socketRefused.opened).toBe(false);
      } finally {
        streams.forEach((controller) => controller.abort());
        for (const { socket, closed } of opened) {
          socket.close();
          await closed;
        }
      }
    },
    TIMEOUT.test,
  );

  it(
    `refuses a subscription past ${MAX_SUBSCRIPTIONS} held by the gateway with GATEWAY_SUBSCRIPTION_LIMIT, and takes one again once one completes`,
    async () => {
      const client = createClient({ url: api.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
      const refusals: string[] = [];
      const subscribe = () =>
        client.subscribe(
          { query: STOCK_CHANGED },
          {
            next: () => undefined,
            error: (error) =>
              refusals.push(String((error as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code)),
            complete: () => undefined,
          },
        );
      try {
        // One connection holds them all: SUBSCRIPTIONS_PER_CONNECTION (100) is not what stops the fifth.
        const unsubscribes = Array.from({ length: MAX_SUBSCRIPTIONS }, subscribe);
        await waitFor(async () => (await gatewayMetric('gateway_client_subscriptions')) === MAX_SUBSCRIPTIONS, {
          what: 'every subscription to be held',
          timeoutMs: 30_000,
        });

        subscribe();
        await waitFor(() => refusals.length > 0, {
          what: 'the subscription over the cap to be refused',
          timeoutMs: 30_000,
        });

        expect(refusals).toEqual(['GATEWAY_SUBSCRIPTION_LIMIT']);

        unsubscribes[0]?.();
        await waitFor(async () => (await gatewayMetric('gateway_client_subscriptions')) === MAX_SUBSCRIPTIONS - 1, {
          what: 'one subscription to complete',
          timeoutMs: 30_000,
        });
        subscribe();
        await waitFor(async () => (await gatewayMetric('gateway_client_subscriptions')) === MAX_SUBSCRIPTIONS, {
          what: 'the new subscription to be held',
          timeoutMs: 30_000,
        });
        expect(refusals).toEqual(['GATEWAY_SUBSCRIPTION_LIMIT']);
      } finally {
        await client.dispose();
      }
    },
    TIMEOUT.test,
  );
});
