import type { IncomingMessage } from 'node:http';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { WebSocket, WebSocketServer } from 'ws';
import { isPushSource, type PushSource } from './coalescing-queue';
import type { Logger } from '../log/create-logger';
import type { Delivery } from './delivery';
import { isObject, parseMessage, type SubscribeMessage } from './ws-protocol-messages';

/** The graphql-ws protocol's name on the wire (Sec-WebSocket-Protocol). */
export const GRAPHQL_TRANSPORT_WS = 'graphql-transport-ws';

/** Close codes of the graphql-transport-ws protocol this server uses. */
const CLOSE = {
  internalError: 4500,
  badRequest: 4400,
  unauthorized: 4401,
  subprotocolNotAcceptable: 4406,
  initTimeout: 4408,
  subscriberExists: 4409,
  tooManyInits: 4429,
} as const;

/** What `subscribe` answers: the client's deliveries, or why it may not have them (sent in an `error` message). */
export type Subscribed = AsyncIterableIterator<Delivery> | ReadonlyArray<GraphQLError | GraphQLFormattedError>;

export interface ProtocolHooks<State> {
  /**
   * Reads `connection_init`: the connection's state, or a close code and reason (the socket
   * is closed with them). `close` closes the socket later (such as when its token expires).
   */
  connect(
    params: Record<string, unknown>,
    request: IncomingMessage,
    close: (code: number, reason: string) => void,
  ): Promise<{ state: State } | { close: number; reason: string }>;
  subscribe(
    state: State,
    request: IncomingMessage,
    payload: { query: string; operationName?: string; variables?: Record<string, unknown> },
  ): Promise<Subscribed>;
  closed(state: State): void;
}

export interface ProtocolOptions {
  /** How long a new socket may take to send `connection_init`. */
  initTimeoutMs: number;
  /** How often the server pings; a socket that has not answered the last ping is dropped. */
  keepAliveMs: number;
  /** Bytes queued on a socket above which its subscriptions stop being read: their bounded queues then coalesce for it alone. */
  highWaterBytes: number;
  /** Told, for one delivery in 16, how long it waited between being queued and being written. */
  written?(seconds: number): void;
  /** Where a hook's unexpected failure is reported (the socket is closed with 4500). */
  log: Logger;
}

/**
 * The server side of graphql-ws's protocol (graphql-transport-ws), written here so that a
 * result fanned out to many clients is serialised once and the same bytes written to
 * every socket (only the message id differs), and so that a client that stops reading
 * fills its own bounded queue instead of the gateway's memory or anyone else's time.
 */
export function serveGraphqlTransportWs<State>(
  wss: WebSocketServer,
  hooks: ProtocolHooks<State>,
  options: ProtocolOptions,
): void {
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // A protocol violation (such as a frame over maxPayload): ws closes the socket itself (1009, 1002…); unheard, it would crash the process.
    socket.on('error', () => undefined);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS) {
      socket.close(CLOSE.subprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    new Connection(socket, request, hooks, options).start();
  });
}

class Connection<State> {
  private initReceived = false;
  private state: State | null = null;
  /** Subscriptions by the client's id; null while one is being set up. */
  private readonly subscriptions = new Map<string, AsyncIterableIterator<Delivery> | null>();
  private alive = true;
  private closed = false;
  private drainWaiters: Array<() => void> = [];
  private writes = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly request: IncomingMessage,
    private readonly hooks: ProtocolHooks<State>,
    private readonly options: ProtocolOptions,
  ) {}

  start(): void {
    const initTimer = setTimeout(() => {
      if (!this.initReceived) this.socket.close(CLOSE.initTimeout, 'Connection initialisation timeout');
    }, this.options.initTimeoutMs);
    const pinger = setInterval(() => {
      if (!this.alive) {
        this.socket.terminate();
        return;
      }
      this.alive = false;
      this.socket.ping();
    }, this.options.keepAliveMs);
    const raw = this.request.socket;
    const onDrain = () => this.releaseDrainWaiters();
    raw.on('drain', onDrain);
    this.socket.on('pong', () => (this.alive = true));
    this.socket.on(
      'message',
      (data: Buffer, isBinary: boolean) => void this.onMessage(isBinary ? null : data.toString()),
    );
    this.socket.once('close', () => {
      this.closed = true;
      clearTimeout(initTimer);
      clearInterval(pinger);
      raw.off('drain', onDrain);
      this.releaseDrainWaiters();
      for (const iterator of this.subscriptions.values()) void iterator?.return?.();
      this.subscriptions.clear();
      if (this.state !== null) this.hooks.closed(this.state);
    });
  }

  private async onMessage(text: string | null): Promise<void> {
    try {
      await this.handle(text);
    } catch (error) {
      this.options.log.error({ err: error }, 'a subscription connection failed');
      if (!this.closed) this.socket.close(CLOSE.internalError, 'Internal server error');
    }
  }

  private async handle(text: string | null): Promise<void> {
    const message = parseMessage(text);
    if (!message) {
      this.socket.close(CLOSE.badRequest, 'Invalid message received');
      return;
    }
    switch (message.type) {
      case 'connection_init': {
        if (this.initReceived) {
          this.socket.close(CLOSE.tooManyInits, 'Too many initialisation requests');
          return;
        }
        this.initReceived = true;
        const answer = await this.hooks.connect(
          isObject(message.payload) ? message.payload : {},
          this.request,
          (code, reason) => this.socket.close(code, reason),
        );
        if ('close' in answer) {
          this.socket.close(answer.close, answer.reason);
          return;
        }
        if (this.closed) {
          this.hooks.closed(answer.state);
          return;
        }
        this.state = answer.state;
        this.socket.send('{"type":"connection_ack"}');
        return;
      }
      case 'ping':
        this.socket.send(
          message.payload === undefined
            ? '{"type":"pong"}'
            : JSON.stringify({ type: 'pong', payload: message.payload }),
        );
        return;
      case 'pong':
        return;
      case 'subscribe':
        await this.subscribe(message);
        return;
      case 'complete': {
        const iterator = this.subscriptions.get(message.id);
        this.subscriptions.delete(message.id);
        // The client ended it: no `complete` goes back.
        void iterator?.return?.();
        return;
      }
    }
  }

  private async subscribe(message: SubscribeMessage): Promise<void> {
    const state = this.state;
    if (state === null) {
      this.socket.close(CLOSE.unauthorized, 'Unauthorized');
      return;
    }
    const { id } = message;
    if (this.subscriptions.has(id)) {
      this.socket.close(CLOSE.subscriberExists, `Subscriber for ${id} already exists`);
      return;
    }
    this.subscriptions.set(id, null);
    let subscribed: Subscribed;
    try {
      subscribed = await this.hooks.subscribe(state, this.request, message.payload);
    } catch (error) {
      this.subscriptions.delete(id);
      throw error;
    }
    if (!this.subscriptions.has(id) || this.closed) {
      // Completed by the client (or the socket closed) while being set up.
      if (!Array.isArray(subscribed)) void (subscribed as AsyncIterableIterator<Delivery>).return?.();
      return;
    }
    if (Array.isArray(subscribed)) {
      this.subscriptions.delete(id);
      this.socket.send(`{"id":${JSON.stringify(id)},"type":"error","payload":${JSON.stringify(subscribed)}}`);
      return;
    }
    const iterator = subscribed as AsyncIterableIterator<Delivery>;
    this.subscriptions.set(id, iterator);
    if (isPushSource<Delivery>(iterator)) this.push(id, iterator);
    else await this.pump(id, iterator);
  }

  /** The next message of subscription `id`: the delivery's bytes, serialised once for every client. */
  private send(prefix: string, delivery: Delivery): void {
    this.socket.send(prefix + delivery.json + '}');
    if ((this.writes++ & 15) === 0) this.options.written?.((performance.now() - delivery.queuedAt) / 1000);
  }

  /** Ended by the server (the upstream finished or failed): say so, unless the client ended it. */
  private ended(id: string, iterator: AsyncIterableIterator<Delivery>): void {
    if (this.subscriptions.get(id) !== iterator) return;
    this.subscriptions.delete(id);
    if (!this.closed) this.socket.send(`{"id":${JSON.stringify(id)},"type":"complete"}`);
  }

  /**
   * Fan-out's fast path: the source pushes each delivery straight onto the socket, a call per
   * message. Above the high-water mark it refuses, its own bounded queue keeps (and
   * coalesces) what follows, and the socket's next drain resumes it.
   */
  private push(id: string, source: AsyncIterableIterator<Delivery> & PushSource<Delivery>): void {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    let paused = false;
    source.attach({
      accept: (delivery) => {
        // A socket that has gone, or a subscription the client completed, takes nothing more.
        if (this.closed || this.subscriptions.get(id) !== source) return true;
        if (this.socket.bufferedAmount > this.options.highWaterBytes) {
          if (!paused) {
            paused = true;
            this.drainWaiters.push(() => {
              paused = false;
              if (!this.closed) source.resume();
            });
          }
          return false;
        }
        this.send(prefix, delivery);
        return true;
      },
      ended: () => this.ended(id, source),
    });
  }

  /** Reads and writes the subscription's deliveries as they come, pausing while the socket is above its high-water mark. */
  private async pump(id: string, iterator: AsyncIterableIterator<Delivery>): Promise<void> {
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    try {
      for (;;) {
        if (this.socket.bufferedAmount > this.options.highWaterBytes) await this.drained();
        const next = await iterator.next();
        if (next.done || this.closed) break;
        this.send(prefix, next.value);
      }
    } finally {
      this.ended(id, iterator);
    }
  }

  private drained(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
