import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1 that sits between workstations and the central server and breaks
 * things on purpose (fault-injection tests):
 * - drop-request: the request never reaches the server (the client sees a reset connection);
 * - drop-response: the server handles (and commits) the request, the answer never reaches the client;
 * - cut-request: the server receives only part of the body, then the connection is cut;
 * - cut-response: the client receives the headers and part of the body, then the connection is cut;
 * - duplicate: the request reaches the server twice, concurrently (the client gets one answer);
 * - delay: the request is held back before it is forwarded.
 * `down` refuses every connection (network gone); `setTarget` follows a restarted server.
 */

export const FAULTS = ['drop-request', 'drop-response', 'cut-request', 'cut-response', 'duplicate', 'delay'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxyOptions {
  target: string;
  /** Probability that a request gets a fault (0..1); the kinds of fault take turns. */
  faultRate?: number;
  faults?: readonly Fault[];
  /** Longest delay of a `delay` fault. */
  maxDelayMs?: number;
  /** Only requests whose path matches are disturbed (default: all). */
  only?: RegExp;
  random?: () => number;
}

export interface FaultProxy {
  url: string;
  /** How many requests got each fault (and `none`). */
  stats: Record<Fault | 'none' | 'refused', number>;
  faultRate: number;
  readonly down: boolean;
  /** Network gone (true): open connections are cut and new ones refused. */
  setDown(down: boolean): void;
  setTarget(url: string): void;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = new URL(options.target);
  const random = options.random ?? Math.random;
  const faults = options.faults ?? FAULTS;
  const maxDelay = options.maxDelayMs ?? 200;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();

  let turn = 0;
  const stats = Object.fromEntries([...FAULTS, 'none', 'refused'].map((k) => [k, 0])) as FaultProxy['stats'];

  /** Sends the request upstream; `cutAfter` bytes of body, then abort (cut-request). */
  const forward = (req: http.IncomingMessage, body: Buffer, cutAfter?: number): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      const up = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      if (cutAfter !== undefined) {
        up.write(body.subarray(0, cutAfter));
        setTimeout(() => {
          up.destroy();
          reject(new Error('cut'));
        }, 5);
        return;
      }
      up.end(body);
    });

  const reply = (res: http.ServerResponse, u: Upstream) => {
    const headers = { ...u.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(u.body.length);
    res.writeHead(u.status, headers);
    res.end(u.body);
  };

  const kill = (req: http.IncomingMessage) => req.socket.destroy();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const eligible = !options.only || options.only.test(req.url ?? '');
        // Which requests are hit is random; the kinds take turns, so every kind is exercised.
        const fault: Fault | 'none' = eligible && random() < proxy.faultRate ? faults[turn++ % faults.length]! : 'none';
        stats[fault]++;
        try {
          switch (fault) {
            case 'drop-request':
              kill(req);
              return;
            case 'drop-response':
              await forward(req, body).catch(() => undefined);
              kill(req);
              return;
            case 'cut-request':
              await forward(req, body, Math.floor(body.length / 2)).catch(() => undefined);
              kill(req);
              return;
            case 'cut-response': {
              const u = await forward(req, body);
              const headers = { ...u.headers };
              delete headers['transfer-encoding'];
              headers['content-length'] = String(u.body.length);
              res.writeHead(u.status, headers);
              res.write(u.body.subarray(0, Math.floor(u.body.length / 2)));
              setTimeout(() => kill(req), 5);
              return;
            }
            case 'duplicate': {
              const [first] = await Promise.allSettled([forward(req, body), forward(req, body)]);
              if (first.status === 'fulfilled') reply(res, first.value);
              else kill(req);
              return;
            }
            case 'delay':
              await new Promise((r) => setTimeout(r, random() * maxDelay));
              reply(res, await forward(req, body));
              return;
            case 'none':
              reply(res, await forward(req, body));
              return;
          }
        } catch {
          // The server is down or restarting: the client sees a broken connection, like on a real network.
          kill(req);
        }
      })();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    if (proxy.down) {
      stats.refused++;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    stats,
    faultRate: options.faultRate ?? 0.2,
    down: false,
    setDown(down) {
      (proxy as { down: boolean }).down = down;
      if (down) for (const s of sockets) s.destroy();
    },
    setTarget(url) {
      target = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
