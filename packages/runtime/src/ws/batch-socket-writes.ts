import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Sends of one event-loop turn leave in one write. A stock change fans out to many
 * subscriptions on the same socket (a gateway multiplexes hundreds on one); written one
 * frame at a time, that is one syscall per frame and the CPU goes to the kernel. The
 * first send of a turn corks the socket and the turn's end uncorks it, so the frames go
 * out together a fraction of a millisecond later.
 */
export function batchSocketWrites(wss: WebSocketServer): void {
  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    const socket = request.socket;
    let corked = false;
    const send = ws.send.bind(ws) as (...args: unknown[]) => void;
    ws.send = ((...args: unknown[]) => {
      if (!corked && !socket.destroyed) {
        corked = true;
        socket.cork();
        setImmediate(() => {
          corked = false;
          socket.uncork();
        });
      }
      send(...args);
    }) as WebSocket['send'];
  });
}
