import net from 'node:net';

/**
 * `count` distinct TCP ports that were free a moment ago, asked of the OS (port 0). Fixed
 * ports collide on a shared machine: two checkouts running the same suite would start
 * two stacks on one port, and one would talk to the other's services.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  // All held open together, so the OS hands out different ones; released only then.
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
