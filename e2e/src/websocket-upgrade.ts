import WebSocket from 'ws';

/** How a WebSocket upgrade ended: an open socket, or the HTTP answer that refused it. */
export type UpgradeOutcome =
  | { opened: true; socket: WebSocket; closed: Promise<void> }
  | { opened: false; status: number; retryAfter: string | undefined; body: string };

/**
 * Asks for a graphql-ws WebSocket on `url` (http or ws) and reports whether the server took
 * it; fails after `timeoutMs`. `localAddress` connects from another loopback address
 * (127.0.0.2), which the gateway counts as another client.
 */
export function upgradeWebSocket(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
  { localAddress }: { localAddress?: string } = {},
): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
      headers,
      ...(localAddress ? { localAddress } : {}),
    });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer to a WebSocket upgrade on ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('open', () => {
      clearTimeout(timer);
      resolve({ opened: true, socket, closed });
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ opened: false, status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body });
        socket.terminate();
      });
    });
    // `on`, not `once`: terminating a refused upgrade reports one more error, after the outcome is settled.
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
