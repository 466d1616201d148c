import { canonicalJson } from '@stockgraph/domain';
import type { Logger } from '@stockgraph/runtime';
import { GraphQLError } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { receiveTraced } from './event-tracing';

export interface UpstreamTarget {
  serviceName: string;
  /** The subgraph's GraphQL URL (http); the socket goes to the same path over ws. */
  url: string;
  operation: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Who the subscription is for (an encoded acting-for caller); the socket authenticates as the gateway acting for it. */
  scope: string;
}

export interface UpstreamListener {
  /**
   * `shared` says other listeners get the same object: copy it before changing it. `current`:
   * the subgraph sent it as the current state the subscription started with, not as a change.
   */
  next(data: Record<string, unknown>, shared: boolean, current: boolean): void;
  /** The upstream ended with errors; it will not emit again. */
  fail(errors: readonly GraphQLError[]): void;
}

interface Upstream {
  listeners: Set<UpstreamListener>;
  dispose(): void;
}

/**
 * Subscriptions the gateway holds open on subgraphs. Identical ones (same subgraph,
 * operation, variables and credentials) are shared: the second client adds a listener,
 * and the upstream closes when its last listener leaves. One socket per subgraph and
 * credentials carries all of them. When a subgraph goes away the socket reconnects with
 * backoff and re-subscribes, so clients just see events resume.
 */
export class UpstreamHub {
  private readonly clients = new Map<string, Client>();
  private readonly upstreams = new Map<string, Upstream>();

  constructor(
    private readonly log: Logger,
    /** The `connection_init` payload of a socket for `scope` (the gateway's token, acting for it). */
    private readonly connectionParams: (scope: string) => Promise<Record<string, unknown>>,
    private readonly onCountChange: (count: number) => void = () => undefined,
  ) {}

  /** Listens to an upstream subscription, opening it if needed; returns the release function. */
  listen(target: UpstreamTarget, listener: UpstreamListener): () => void {
    const key = canonicalJson([
      target.url,
      target.operation,
      target.operationName ?? null,
      target.variables,
      target.scope,
    ]);
    let upstream = this.upstreams.get(key);
    if (!upstream) {
      upstream = this.open(key, target);
      this.upstreams.set(key, upstream);
      this.onCountChange(this.upstreams.size);
    }
    upstream.listeners.add(listener);
    const opened = upstream;
    return () => {
      opened.listeners.delete(listener);
      if (opened.listeners.size === 0 && this.upstreams.get(key) === opened) {
        this.upstreams.delete(key);
        this.onCountChange(this.upstreams.size);
        opened.dispose();
      }
    };
  }

  get size(): number {
    return this.upstreams.size;
  }

  async close(): Promise<void> {
    for (const upstream of this.upstreams.values()) upstream.dispose();
    this.upstreams.clear();
    await Promise.all([...this.clients.values()].map(async (client) => client.dispose()));
    this.clients.clear();
  }

  private open(key: string, target: UpstreamTarget): Upstream {
    const listeners = new Set<UpstreamListener>();
    let unsubscribe: (() => void) | null = null;
    let unsubscribeWhenOpen = false;
    const end = (errors: readonly GraphQLError[]) => {
      if (this.upstreams.get(key)?.listeners === listeners) {
        this.upstreams.delete(key);
        this.onCountChange(this.upstreams.size);
      }
      for (const listener of [...listeners]) listener.fail(errors);
    };
    unsubscribe = this.client(target).subscribe<Record<string, unknown>>(
      {
        query: target.operation,
        variables: target.variables,
        ...(target.operationName ? { operationName: target.operationName } : {}),
      },
      {
        next: (result) => {
          if (result.errors?.length) {
            end(
              result.errors.map(
                (e) =>
                  new GraphQLError(e.message, { extensions: { ...e.extensions, serviceName: target.serviceName } }),
              ),
            );
            // Errors in one event (a field the scope may not read) do not end a GraphQL
            // subscription: the subgraph would go on executing every event for nobody.
            if (unsubscribe) unsubscribe();
            else unsubscribeWhenOpen = true;
            return;
          }
          const { data } = result;
          if (data) {
            receiveTraced(result.extensions, target.serviceName, () => {
              const current = (result.extensions as { current?: unknown } | undefined)?.current === true;
              for (const listener of listeners) listener.next(data, listeners.size > 1, current);
            });
          }
        },
        error: (error: unknown) => {
          const message = Array.isArray(error)
            ? error.map((e: { message?: string }) => e.message).join('; ')
            : String((error as Error)?.message ?? error);
          this.log.warn({ serviceName: target.serviceName, error: message }, 'upstream subscription failed');
          end([
            new GraphQLError(`${target.serviceName} ended the subscription: ${message}`, {
              extensions: { code: 'UPSTREAM_ERROR' },
            }),
          ]);
        },
        complete: () => end([]),
      },
    );
    if (unsubscribeWhenOpen) unsubscribe();
    return { listeners, dispose: unsubscribe };
  }

  private client(target: UpstreamTarget): Client {
    const url = target.url.replace(/^http/, 'ws');
    const key = canonicalJson([url, target.scope]);
    let client = this.clients.get(key);
    if (!client) {
      client = createClient({
        url,
        webSocketImpl: WebSocket,
        // Asked at every (re)connect: the service token is renewed, the scope stays.
        connectionParams: () => this.connectionParams(target.scope),
        lazy: true,
        lazyCloseTimeout: 1000,
        keepAlive: 10_000,
        retryAttempts: Number.POSITIVE_INFINITY,
        shouldRetry: () => true,
        retryWait: async (retries) => {
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(5000, 100 * 2 ** retries) * (0.5 + Math.random() / 2)),
          );
        },
        on: {
          connected: () => this.log.debug({ url }, 'upstream socket connected'),
          closed: () => this.log.debug({ url }, 'upstream socket closed'),
        },
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
