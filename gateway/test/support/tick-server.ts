import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { CoalescingQueue } from '@stockgraph/shared';

export const tickSchema = buildSchema(`
  type Query { ok: Boolean }
  type Tick { id: ID! n: Int! }
  type Subscription { ticks(topic: String!): Int  tickObjects: Tick! }
`);

/** A real graphql-ws server standing in for a subgraph: it records what reaches it and ticks on demand. */
export async function startTickServer(port = 0) {
  const connections: Array<Record<string, unknown>> = [];
  let active = 0;
  const listeners = new Set<(n: number) => void>();
  const server = http.createServer();
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const disposable = useServer(
    {
      schema: tickSchema,
      onConnect: (ctx) => {
        connections.push((ctx.connectionParams ?? {}));
        return true;
      },
      roots: {
        subscription: {
          ticks: () => {
            active += 1;
            const queue: CoalescingQueue<{ ticks: number }> = new CoalescingQueue<{ ticks: number }>(100, () => '', () => {
              listeners.delete(listener);
              active -= 1;
            });
            const listener = (n: number) => queue.push({ ticks: n });
            listeners.add(listener);
            return queue;
          },
          tickObjects: () => {
            active += 1;
            const queue: CoalescingQueue<{ tickObjects: { id: string; n: number } }> = new CoalescingQueue<{ tickObjects: { id: string; n: number } }>(100_000, () => '', () => {
              listeners.delete(listener);
              active -= 1;
            });
            const listener = (n: number) => queue.push({ tickObjects: { id: `id-${n % 5}`, n } });
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
    active: () => active,
    tick: (n: number) => listeners.forEach((l) => l(n)),
    stop: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

