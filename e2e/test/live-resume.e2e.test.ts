import { randomUUID } from 'node:crypto';
import { describeWithKafka, describeWithMysql, graphqlData, waitFor } from '@stockgraph/testing';
import {
  type DistributedStack,
  OPS,
  type ScreenChange,
  ScreenLevels,
  stackTokens,
  type StackTokens,
  stockScreen,
  TIMEOUT,
} from '../src';
import { sharedDistributedStack } from './support/shared-stacks';

/** No other suite touches them. */
const SKUS = ['SG-0051', 'SG-0052'];
const WATCH_SSE = `subscription Watch($skus: [ID!]) { stockChanged(skus: $skus) { sku locationId available version } }`;

type Levels = Map<string, { available: number; version: number }>;

/**
 * Issue 21's resume: screens watching stock through a gateway that is SIGKILLed while the
 * stock changes end, once it is back, with every value right and without reloading — over
 * graphql-ws (the client resubscribes with `current: true`) and over SSE (the client
 * reconnects with Last-Event-ID). The gateway answers the current state for each of them,
 * and no level ever goes back to an older version on either screen.
 */
describeWithMysql('live streams resume', () => {
  describeWithKafka('across a gateway killed while stock changes', () => {
    let stack: DistributedStack;
    let tokens: StackTokens;
    let ops: Record<string, string>;
    const closers: Array<() => Promise<void> | void> = [];

    beforeAll(async () => {
      stack = await sharedDistributedStack();
      tokens = await stackTokens(stack.authKeyFile);
      ops = await tokens.headers(OPS);
    }, TIMEOUT.startStack);

    afterAll(async () => {
      for (const close of closers) await close();
    });

    /** Straight to inventory: it works while the gateway is down. */
    const truth = async (): Promise<Levels> => {
      const data = await graphqlData<{
        stockLevels: Array<{ sku: string; location: { id: string }; available: number; version: number }>;
      }>(
        stack.urls.inventory,
        'query ($skus: [ID!]!) { stockLevels(skus: $skus) { sku location { id } available version } }',
        { skus: SKUS },
        ops,
      );
      return new Map(
        data.stockLevels.map((l) => [`${l.sku}@${l.location.id}`, { available: l.available, version: l.version }]),
      );
    };
    const adjust = async (sku: string, delta: number) => {
      const [level] = (await truth()).entries();
      const locationId = level?.[0].split('@')[1] ?? 'madrid-dc';
      const data = await graphqlData<{ adjustStock: { userErrors: Array<{ code: string }> } }>(
        stack.urls.inventory,
        'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { userErrors { code } } }',
        { key: randomUUID(), input: { sku, locationId, delta, reason: 'CORRECTION' } },
        ops,
      );
      expect(data.adjustStock.userErrors).toEqual([]);
    };
    const matches = (screen: ScreenLevels, expected: Levels) => screen.shows(expected);

    test('a graphql-ws screen and an SSE screen end with every level right after the gateway is killed and restarted', async () => {
      for (const sku of SKUS) await adjust(sku, 50);
      // graphql-ws, as the storefront's socket: it retries, and resubscribes with current: true.
      const wsScreen = stockScreen(stack.gatewayUrl, SKUS, ops);
      closers.push(() => wsScreen.dispose());

      // SSE, as an EventSource: it reconnects with the id of the last event it got.
      const sseScreen = new ScreenLevels();
      const sse = sseClient(stack.gatewayUrl, WATCH_SSE, { skus: SKUS }, ops, (change) => sseScreen.apply(change));
      closers.push(() => sse.close());

      // Both start from the current state (SSE's first connection asks for none: it gets the next change).
      await waitFor(async () => matches(wsScreen, await truth()), {
        what: 'the graphql-ws screen to show the current state',
        timeoutMs: 30_000,
      });
      await adjust(SKUS[0], -1);
      const before = await truth();
      await waitFor(() => matches(wsScreen, before) && sseScreen.levels.size > 0, {
        what: 'both screens to see a live change',
        timeoutMs: 30_000,
      });
      expect(sse.connections).toBe(1);

      // The gateway dies; the stock moves while it is away.
      await stack.restart('gateway', {
        crash: true,
        whileDown: async () => {
          await adjust(SKUS[0], -3);
          await adjust(SKUS[1], -2);
          await adjust(SKUS[1], 4);
        },
      });
      const after = await truth();
      await waitFor(() => matches(wsScreen, after) && matches(sseScreen, after), {
        what: 'both screens to show every level as it is after the restart',
        timeoutMs: 60_000,
      });
      expect(sse.connections).toBeGreaterThan(1);
      expect(sse.resumedWith.length).toBeGreaterThan(0);

      // And they stay live.
      await adjust(SKUS[1], -1);
      const last = await truth();
      await waitFor(() => matches(wsScreen, last) && matches(sseScreen, last), {
        what: 'both screens to follow the next change',
        timeoutMs: 30_000,
      });
      expect(wsScreen.wentBack).toBe(0);
      expect(sseScreen.wentBack).toBe(0);
    }, 180_000);
  });
});

/**
 * A minimal EventSource over fetch (POST, GraphQL over SSE, distinct connections): it
 * reconnects whenever the stream ends or fails, sending `Last-Event-ID` once it has one.
 */
function sseClient(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  onChange: (change: ScreenChange) => void,
) {
  const state = { connections: 0, resumedWith: [] as string[], lastId: undefined as string | undefined, closed: false };
  const abort = new AbortController();
  const connect = async (): Promise<void> => {
    for (let attempt = 0; attempt < 2000 && !state.closed; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            ...headers,
            accept: 'text/event-stream',
            'content-type': 'application/json',
            ...(state.lastId ? { 'last-event-id': state.lastId } : {}),
          },
          body: JSON.stringify({ query, variables }),
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        state.connections += 1;
        if (state.lastId) state.resumedWith.push(state.lastId);
        const decoder = new TextDecoder();
        let buffer = '';
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = new Map(
              message
                .split('\n')
                .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
            );
            if (fields.get('event') !== 'next') continue;
            if (fields.has('id')) state.lastId = fields.get('id');
            const result = JSON.parse(fields.get('data') ?? '{}') as {
              data?: { stockChanged: Parameters<typeof onChange>[0] };
            };
            if (result.data) onChange(result.data.stockChanged);
          }
        }
      } catch {
        if (state.closed) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  void connect();
  return {
    get connections() {
      return state.connections;
    },
    get resumedWith() {
      return state.resumedWith;
    },
    close() {
      state.closed = true;
      abort.abort();
    },
  };
}
