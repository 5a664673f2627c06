import net from 'node:net';

/**
 * The network between a workstation and the central server, as a loopback TCP proxy the test can
 * cut and restore. Cut: every open connection is broken and new ones are refused at once (closed
 * before a byte is read), as when the cable is pulled or the VPN drops; restored: connections go
 * through to `target` again. Nothing is read or changed on the way.
 */
export interface Network {
  readonly cut: boolean;
  setCut(cut: boolean): void;
  close(): Promise<void>;
}

export async function openNetwork(port: number, target: string): Promise<Network> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    get cut() {
      return cut;
    },
    setCut(value) {
      cut = value;
      if (value) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
