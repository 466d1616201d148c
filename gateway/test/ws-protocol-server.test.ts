import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import WebSocket, { WebSocketServer } from 'ws';
import { GRAPHQL_TRANSPORT_WS, serveGraphqlTransportWs } from '@stockgraph/runtime';
import { waitFor } from '@stockgraph/testing';
import { UpstreamHub } from '../src/subscriptions/sharing/upstream-hub';
import { startTickServer } from './support/tick-server';
import { tickRegistry, tickSubscription } from './support/tick-subscriptions';

const log = pino({ level: 'silent' });

/** A raw protocol client: every frame it receives, as text, and how it closed. */
function rawClient(url: string, protocol: string | null = GRAPHQL_TRANSPORT_WS) {
  const socket = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
  const frames: string[] = [];
  let closed: { code: number; reason: string } | null = null;
  socket.on('message', (data: Buffer) => frames.push(data.toString()));
  socket.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  const opened = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  return {
    socket,
    frames,
    closed: () => closed,
    send: async (message: unknown) => {
      await opened;
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
  };
}

describe('the graphql-transport-ws server', () => {
  let subgraph: Awaited<ReturnType<typeof startTickServer>>;
  let hub: UpstreamHub;
  let server: http.Server;
  let url: string;
  const losses: string[] = [];

  beforeEach(async () => {
    subgraph = await startTickServer();
    hub = new UpstreamHub(log, async (scope) => ({ actingFor: scope }));
    losses.length = 0;
    const groups = tickRegistry({ hub, url: () => subgraph.url, losses, log });
    server = http.createServer();
    const wss = new WebSocketServer({ server, path: '/graphql' });
    serveGraphqlTransportWs<{ name: string }>(
      wss,
      {
        connect: async (params) =>
          params.token === 'bad' ? { close: 4401, reason: 'bad token' } : { state: { name: 'client' } },
        subscribe: async (_state, _request, payload) =>
          payload.query.includes('refuse')
            ? [new GraphQLError('not today', { extensions: { code: 'NOPE' } })]
            : groups.join(tickSubscription(payload.query, payload.variables ?? {})),
        closed: () => undefined,
      },
      // Keep-alive pings every 10 minutes: the slow-client test's client stops reading, so it cannot
      // answer a ping, and on a loaded machine its 20 MB took longer than two pings (it was cut off).
      { initTimeoutMs: 300, keepAliveMs: 600_000, highWaterBytes: 65_536, log },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterEach(async () => {
    await hub.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await subgraph.stop();
  });

  it('closes with the protocol codes: 4406 without the subprotocol, 4408 without init, 4429 on a second init, 4401 before init, 4409 on a repeated id, 4400 on garbage', async () => {
    const noProtocol = rawClient(url, null);
    const noInit = rawClient(url);
    const twoInits = rawClient(url);
    await twoInits.send({ type: 'connection_init' });
    await twoInits.send({ type: 'connection_init' });
    const early = rawClient(url);
    await early.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { tickObjects { id } }' } });
    const repeated = rawClient(url);
    await repeated.send({ type: 'connection_init' });
    await waitFor(() => repeated.frames.includes('{"type":"connection_ack"}'), { what: 'the ack' });
    await repeated.send({ id: 'x', type: 'subscribe', payload: { query: 'subscription { tickObjects { id } }' } });
    await repeated.send({ id: 'x', type: 'subscribe', payload: { query: 'subscription { tickObjects { id } }' } });
    const garbage = rawClient(url);
    await garbage.send('{not json');
    const badToken = rawClient(url);
    await badToken.send({ type: 'connection_init', payload: { token: 'bad' } });
    const clients = [noProtocol, noInit, twoInits, early, repeated, garbage, badToken];
    await waitFor(() => clients.every((client) => client.closed() !== null), {
      what: 'every socket closed',
      timeoutMs: 10_000,
    });
    expect(clients.map((client) => client.closed()?.code)).toEqual([4406, 4408, 4429, 4401, 4409, 4400, 4401]);
    expect(repeated.closed()?.reason).toBe('Subscriber for x already exists');
  });

  it('answers pings, sends a refused subscription its errors and keeps the connection, and says complete when the server ends one', async () => {
    const client = rawClient(url);
    await client.send({ type: 'connection_init' });
    await waitFor(() => client.frames.length === 1, { what: 'the ack' });
    await client.send({ type: 'ping' });
    await client.send({ id: 'r', type: 'subscribe', payload: { query: 'subscription refuse { tickObjects { id } }' } });
    await waitFor(() => client.frames.length === 3, { what: 'ack, pong and the refusal' });
    expect(client.frames).toEqual([
      '{"type":"connection_ack"}',
      '{"type":"pong"}',
      '{"id":"r","type":"error","payload":[{"message":"not today","extensions":{"code":"NOPE"}}]}',
    ]);
    await client.send({ id: 'ok', type: 'subscribe', payload: { query: 'subscription { tickObjects { id n } }' } });
    await waitFor(() => subgraph.active() === 1, { what: 'the upstream' });
    subgraph.tick(1);
    await waitFor(() => client.frames.length === 4, { what: 'the event' });
    expect(client.frames[3]).toBe('{"id":"ok","type":"next","payload":{"data":{"tickObjects":{"id":"id-1","n":1}}}}');
    await client.send({ id: 'ok', type: 'complete' });
    await waitFor(() => subgraph.active() === 0, { what: 'the subscription to end upstream' });
    expect(client.closed()).toBeNull();
    client.socket.close();
  });

  it('writes one serialisation of each result to every client, and a client that stops reading neither delays the others nor grows without bound', async () => {
    // A kilobyte per event: a socket that is not read fills within a few thousand.
    const query = 'subscription ($ids: [ID!]) { filteredTicks(ids: $ids) { id n pad } }';
    const connect = async (id: string) => {
      const client = rawClient(url);
      await client.send({ type: 'connection_init' });
      await waitFor(() => client.frames.length === 1, { what: 'the ack' });
      await client.send({
        id,
        type: 'subscribe',
        payload: { query, variables: { ids: ['id-0', 'id-1', 'id-2', 'id-3', 'id-4'] } },
      });
      return client;
    };
    const fast = await connect('fast');
    const slow = await connect('slow');
    await waitFor(() => subgraph.active() === 1, { what: 'one upstream for both' });
    // The slow client stops reading: its socket's buffers fill, then its queue coalesces.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    // 20 MB in steps the fast client keeps up with (each step waits for it, however loaded the machine), far more than a socket buffers.
    const events = 20_000;
    for (let n = 0; n < events; n += 1) {
      subgraph.tick(n);
      if (n % 200 === 199)
        await waitFor(() => fast.frames.length === n + 2, {
          what: `the fast client to get event ${n}`,
          timeoutMs: 30_000,
        });
    }
    const payloads = fast.frames
      .slice(1)
      .map((frame) => JSON.parse(frame) as { payload: { data: { filteredTicks: { n: number } } } });
    expect(payloads.map((frame) => frame.payload.data.filteredTicks.n)).toEqual(
      Array.from({ length: events }, (_unused, n) => n),
    );
    await waitFor(() => losses.length > 0, { what: 'the slow client to coalesce' });
    expect(new Set(losses)).toEqual(new Set(['coalesced']));
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    // It reads on: every event either reaches it or was counted as coalesced, each id's values in order, the same bytes the fast client got.
    await waitFor(() => slow.frames.length - 1 + losses.length === events, {
      what: 'the slow client to get or account for every event',
      timeoutMs: 60_000,
    });
    const slowEvents = slow.frames.slice(1);
    const order = new Map<string, number>();
    for (const frame of slowEvents) {
      const { id, n } = (JSON.parse(frame) as { payload: { data: { filteredTicks: { id: string; n: number } } } })
        .payload.data.filteredTicks;
      expect(n).toBeGreaterThan(order.get(id) ?? -1);
      order.set(id, n);
    }
    expect(Math.max(...order.values())).toBe(events - 1);
    const strip = (frame: string) => frame.replace(/^\{"id":"(fast|slow)",/, '');
    const fastBodies = new Set(fast.frames.slice(1).map(strip));
    expect(slowEvents.every((frame) => fastBodies.has(strip(frame)))).toBe(true);
    fast.socket.close();
    slow.socket.close();
    // 20 MB through three sockets: a loaded CI machine (both cores busy elsewhere) took over a minute.
  }, 180_000);
});
