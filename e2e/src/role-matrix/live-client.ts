import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** How the server closed a socket, and when (epoch ms). */
export interface SocketClose {
  code: number;
  reason: string;
  at: number;
}

/** One graphql-ws client on its own socket with one subscription, recording what happens to it. */
export interface LiveClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the shape it subscribed to
  results: FormattedExecutionResult<Record<string, any>, unknown>[];
  /** What the subscription ended with, if it failed: GraphQL errors, or the close event of the socket. */
  failures: unknown[];
  /** true once the server acknowledged `connection_init`; false if it closed the socket first. */
  acknowledged: Promise<boolean>;
  /** Set when the socket closed. */
  close: SocketClose | null;
  /** Every error code the subscription was answered with, in results or as its failure. */
  codes(): string[];
  dispose(): Promise<void>;
}

/**
 * Subscribes on a socket of its own, presenting `authorization` (`Bearer …`) in
 * `connection_init` when given, and never reconnects: a closed socket stays closed, so
 * tests see the server's close code.
 */
export function subscribeLive(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): LiveClient {
  let settle: (acknowledged: boolean) => void = () => undefined;
  const acknowledged = new Promise<boolean>((resolve) => (settle = resolve));
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    on: {
      connected: () => settle(true),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        live.close = { code, reason, at: Date.now() };
        settle(false);
      },
    },
  });
  const live: LiveClient = {
    results: [],
    failures: [],
    acknowledged,
    close: null,
    codes: () =>
      [
        ...live.results.flatMap((result) => result.errors ?? []),
        ...live.failures.flatMap((failure) => (Array.isArray(failure) ? (failure as unknown[]) : [])),
      ]
        .map((error) => (error as { extensions?: { code?: unknown } }).extensions?.code)
        .filter((code): code is string => typeof code === 'string'),
    dispose: async () => {
      await client.dispose();
    },
  };
  client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => live.results.push(result),
      error: (error) => live.failures.push(error),
      complete: () => undefined,
    },
  );
  return live;
}
