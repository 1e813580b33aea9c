import { createServer, connect, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the test database that can stop forwarding, to
 * play a database that hangs: connections stay open, nothing arrives. In "hang" mode it
 * swallows what both sides send on existing connections and accepts new connections
 * without ever connecting them.
 */
export interface HangingProxy {
  port: number;
  /** The test database URL, through the proxy. */
  url(databaseUrl: string): string;
  hang(): void;
  forward(): void;
  close(): Promise<void>;
}

export async function startHangingProxy(databaseUrl: string): Promise<HangingProxy> {
  const target = new URL(databaseUrl);
  let hanging = false;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (hanging) return; // accepted, never forwarded
    const upstream = connect(Number(target.port || 3306), target.hostname);
    track(upstream);
    client.on('data', (chunk) => {
      if (!hanging) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!hanging) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url(url: string) {
      const through = new URL(url);
      through.hostname = '127.0.0.1';
      through.port = String(port);
      return through.toString();
    },
    hang: () => {
      hanging = true;
    },
    forward: () => {
      hanging = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
