import WebSocket from 'ws';

/** One benchmark subscriber on its own socket. */
export interface LightSubscriber {
  close(): void;
}

/** How often a subscriber opens its socket again after a refusal or a drop before it gives up. */
const RETRIES = 8;

/**
 * A graphql-transport-ws client that does as little as a client can: it subscribes once
 * and hands each `next` message to `onNext` as the raw text, unparsed. A thousand of these
 * share the machine with the services they measure, so every microsecond they spend is
 * taken from the system under test; the benchmark extracts the one field it needs.
 * A socket refused or dropped (a crowd overflowing the listen queue, say) opens again
 * after a randomised, doubling wait; after `RETRIES` in a row it gives up and says so
 * through `onGiveUp`, so a benchmark counts it instead of waiting for it.
 */
export function lightSubscriber(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  onNext: (raw: string) => void,
  onGiveUp: (reason: string) => void = () => undefined,
): LightSubscriber {
  let closed = false;
  let failures = 0;
  let socket: WebSocket;
  const open = () => {
    socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    let lastError = '';
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data: Buffer) => {
      const raw = data.toString();
      if (raw.includes('"type":"next"')) onNext(raw);
      else if (raw.includes('"type":"connection_ack"')) {
        failures = 0;
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
      } else if (raw.includes('"type":"ping"')) socket.send('{"type":"pong"}');
    });
    // 'close' follows every error; the retry is decided there.
    socket.on('error', (error) => (lastError = error.message));
    socket.on('close', (code) => {
      if (closed) return;
      failures += 1;
      if (failures > RETRIES) {
        onGiveUp(`closed ${failures} times in a row (last: ${lastError || `code ${code}`})`);
        return;
      }
      setTimeout(open, Math.min(5000, 50 * 2 ** failures) * (0.5 + Math.random()));
    });
  };
  open();
  return {
    close: () => {
      closed = true;
      socket.close(1000);
    },
  };
}

/** The value of a string field in a raw message, found without parsing it. */
export function rawField(raw: string, field: string): string | null {
  const marker = `"${field}":"`;
  const start = raw.indexOf(marker);
  if (start === -1) return null;
  const end = raw.indexOf('"', start + marker.length);
  return end === -1 ? null : raw.slice(start + marker.length, end);
}

/** An integer field of a raw message (`"field":123`), without parsing the whole message. */
export function rawInt(raw: string, field: string): number | null {
  const marker = `"${field}":`;
  const start = raw.indexOf(marker);
  if (start === -1) return null;
  // parseInt stops at the first character that is not part of the number.
  const value = Number.parseInt(raw.slice(start + marker.length, start + marker.length + 20), 10);
  return Number.isFinite(value) ? value : null;
}
