import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectTimeoutError, probePostgres, startupErrorMessage } from './startup';

const config = { host: '10.0.0.5', port: 8787, databaseUrl: 'postgres://buffert:hemligt@db.region.se/buffert', dataDir: '/var/lib/buffert' };
const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('startupErrorMessage', () => {
  it.each([
    [errno('ECONNREFUSED'), 'PostgreSQL db.region.se:5432/buffert nekar anslutningen'],
    [errno('ENOTFOUND'), 'värden finns inte (DNS)'],
    [errno('EADDRINUSE', 'listen EADDRINUSE'), 'Porten 8787 på 10.0.0.5 används redan'],
    [errno('EADDRNOTAVAIL', 'listen EADDRNOTAVAIL'), 'HOST 10.0.0.5 är ingen adress på den här datorn'],
    [errno('EACCES', "EACCES: permission denied, mkdir '/var/lib/buffert'"), 'får inte skriva i /var/lib/buffert'],
    [errno('28P01', 'password authentication failed for user "buffert"'), 'nekar inloggningen (28P01)'],
    [errno('3D000', 'database "buffert" does not exist'), 'databasen finns inte'],
    [errno('42501', 'permission denied for schema public'), 'rollen saknar behörighet'],
    [new ConnectTimeoutError('x'), 'svarar inte (ingen anslutning inom 10 s)'],
    [new Error('Connection terminated unexpectedly'), 'stängde anslutningen innan den var klar'],
  ])('%s → a line that says what to check', (error, expected) => {
    const message = startupErrorMessage(error, config);
    expect(message).toContain(expected);
    expect(message).not.toContain('hemligt');
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('anything else: the database and the error text, still one line', () => {
    expect(startupErrorMessage(errno('XX000', 'internal error'), config)).toBe('PostgreSQL db.region.se:5432/buffert: PostgreSQL-fel XX000: internal error');
  });
});

describe('probePostgres', () => {
  // A port that accepts TCP but never speaks PostgreSQL: what a stuck proxy or half-open route looks like.
  let silent: net.Server;
  let port = 0;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.resume(); // read, so the client's close is seen
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('gives up after its timeout instead of hanging', async () => {
    const started = Date.now();
    await expect(probePostgres(`postgres://x@127.0.0.1:${port}/x`, 300)).rejects.toBeInstanceOf(ConnectTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    // pg's timeout destroys its socket: nothing is left connected to the silent port.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sockets.size).toBe(0);
  });
});
