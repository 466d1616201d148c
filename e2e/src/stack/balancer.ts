import net from 'node:net';

export interface Balancer {
  /** 127.0.0.1:<port> spreads connections over the targets. */
  port: number;
  close(): Promise<void>;
}

/**
 * A round-robin TCP balancer on 127.0.0.1 (HTTP, WebSocket and SSE alike, as a layer-4 load
 * balancer in front of replicas would be): each new connection goes to the next target; a
 * target that refuses it (killed, restarting) is skipped for the next one. Connections to
 * a target that dies are dropped, as a real balancer's would be.
 */
export async function startBalancer(targetPorts: readonly number[]): Promise<Balancer> {
  const open = new Set<net.Socket>();
  let next = 0;
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    const attempt = (tries: number) => {
      const port = targetPorts[next++ % targetPorts.length];
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => {
        if (!upstream.readyState.startsWith('open') && tries + 1 < targetPorts.length) attempt(tries + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        track(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
