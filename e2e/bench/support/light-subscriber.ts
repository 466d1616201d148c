import WebSocket from 'ws';

/** One benchmark subscriber on its own socket. */
export interface LightSubscriber {
  close(): void;
}

/**
 * A graphql-transport-ws client that does as little as a client can: it subscribes once
 * and hands each `next` message to `onNext` as the raw text, unparsed. A thousand of these
 * share the machine with the services they measure, so every microsecond they spend is
 * taken from the system under test; the benchmark extracts the one field it needs.
 */
export function lightSubscriber(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  onNext: (raw: string) => void,
): LightSubscriber {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
  socket.on('message', (data: Buffer) => {
    const raw = data.toString();
    if (raw.includes('"type":"next"')) onNext(raw);
    else if (raw.includes('"type":"connection_ack"'))
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
    else if (raw.includes('"type":"ping"')) socket.send('{"type":"pong"}');
  });
  socket.on('error', () => undefined);
  return { close: () => socket.close(1000) };
}

/** The value of a string field in a raw message, found without parsing it. */
export function rawField(raw: string, field: string): string | null {
  const marker = `"${field}":"`;
  const start = raw.indexOf(marker);
  if (start === -1) return null;
  const end = raw.indexOf('"', start + marker.length);
  return end === -1 ? null : raw.slice(start + marker.length, end);
}
