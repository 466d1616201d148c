import { type Client, createClient } from 'graphql-ws';

/** Longest wait between two reconnection attempts of the subscription socket. */
const MAX_RETRY_WAIT_MS = 5_000;
/** graphql-ws's "client restart" close code: not an error, the client reconnects at once. */
const RESTART_CLOSE_CODE = 4205;

/** A graphql-ws client that can be told to reconnect, e.g. with a new user's credentials. */
export interface LiveSocket {
  client: Client;
  /** Closes the socket so it reopens with fresh connection parameters; subscriptions resume on it. */
  restart(): void;
}

/** The gateway's WebSocket endpoint on the page's own origin. */
export function webSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

/** Exponential backoff with jitter, so clients that lost the gateway together do not return together. */
function retryWait(retries: number): Promise<void> {
  const base = Math.min(MAX_RETRY_WAIT_MS, 250 * 2 ** retries);
  const wait = base / 2 + Math.random() * (base / 2);
  return new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * The socket every subscription of the page shares: lazy (opened by the first
 * subscription), reconnecting for as long as the page is open, and restartable.
 */
export function createLiveSocket(
  location: Location,
  connectionParams: () => Promise<Record<string, string>>,
): LiveSocket {
  let open: WebSocket | null = null;
  // A socket still connecting reads the parameters when it opens, so only an open one needs closing.
  const restart = () => {
    if (open?.readyState === WebSocket.OPEN) open.close(RESTART_CLOSE_CODE, 'Client Restart');
  };
  const client = createClient({
    url: webSocketUrl(location),
    connectionParams,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait,
    on: {
      opened: (socket) => {
        open = socket as WebSocket;
      },
      closed: () => {
        open = null;
      },
    },
  });
  return { client, restart };
}
