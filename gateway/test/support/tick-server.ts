import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { CoalescingQueue } from '@stockgraph/runtime';

export const tickSchema = buildSchema(`
  type Query { ok: Boolean }
  type Tick { id: ID! n: Int! pad: String! secret: Int! }
  type Subscription { ticks(topic: String!): Int  tickObjects: Tick!  filteredTicks(ids: [ID!]): Tick! }
`);

/** A kilobyte a tick may carry, so a test can fill a socket's buffers with few events. */
const PAD = 'x'.repeat(1024);

/** A real graphql-ws server standing in for a subgraph: it records what reaches it and ticks on demand. */
export async function startTickServer(port = 0) {
  const connections: Array<Record<string, unknown>> = [];
  /** The `ids` each filteredTicks subscription asked for, in order (null: all). */
  const filters: Array<string[] | null> = [];
  let active = 0;
  const listeners = new Set<(n: number) => void>();
  const server = http.createServer();
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const disposable = useServer(
    {
      schema: tickSchema,
      onConnect: (ctx) => {
        connections.push(ctx.connectionParams ?? {});
        return true;
      },
      roots: {
        subscription: {
          ticks: () => {
            active += 1;
            const queue: CoalescingQueue<{ ticks: number }> = new CoalescingQueue<{ ticks: number }>(
              100,
              () => '',
              () => {
                listeners.delete(listener);
                active -= 1;
              },
            );
            const listener = (n: number) => queue.push({ ticks: n });
            listeners.add(listener);
            return queue;
          },
          tickObjects: () => {
            active += 1;
            type TickObject = { tickObjects: { id: string; n: number; secret: () => number } };
            const queue: CoalescingQueue<TickObject> = new CoalescingQueue<TickObject>(
              100_000,
              () => '',
              () => {
                listeners.delete(listener);
                active -= 1;
              },
            );
            // `secret` is refused at every event, as a field the subscriber may not read.
            const listener = (n: number) =>
              queue.push({
                tickObjects: {
                  id: `id-${n % 5}`,
                  n,
                  secret: () => {
                    throw new GraphQLError('secret is not yours to read', { extensions: { code: 'FORBIDDEN' } });
                  },
                },
              });
            listeners.add(listener);
            return queue;
          },
          // Ticks of id-(n % 5) reach the subscriptions watching that id; an id that starts with "bad" is refused, as a subgraph refuses bad input.
          filteredTicks: ({ ids }: { ids: string[] | null }) => {
            if (ids?.some((id) => id.startsWith('bad')))
              throw new GraphQLError(`"${ids.find((id) => id.startsWith('bad'))}" is not an id`, {
                extensions: { code: 'BAD_USER_INPUT' },
              });
            filters.push(ids);
            active += 1;
            const watched = ids ? new Set(ids) : null;
            type FilteredTick = { filteredTicks: { id: string; n: number; pad: string } };
            const queue: CoalescingQueue<FilteredTick> = new CoalescingQueue<FilteredTick>(
              100_000,
              () => '',
              () => {
                listeners.delete(listener);
                active -= 1;
              },
            );
            const listener = (n: number) => {
              const id = `id-${n % 5}`;
              if (!watched || watched.has(id)) queue.push({ filteredTicks: { id, n, pad: PAD } });
            };
            listeners.add(listener);
            return queue;
          },
        },
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    port: (server.address() as AddressInfo).port,
    connections,
    filters,
    active: () => active,
    tick: (n: number) => listeners.forEach((l) => l(n)),
    stop: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
