import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpTransport } from './http';

/** A stand-in for the browser's WebSocket: the test opens, feeds and drops connections. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  open() {
    this.onopen?.();
  }
  receive(data: unknown) {
    this.onmessage?.({ data });
  }
  drop() {
    this.closed = true;
    this.onclose?.();
  }
  close() {
    this.drop();
  }
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const status = {
  appVersion: '0.1.0',
  dataDir: '/tmp/x',
  store: { id: '50301', name: 'Buffertlager', kind: 'buffer' },
  user: null,
  locked: false,
  lockAfterMinutes: 10,
  cardLock: null,
  centralUrl: null,
  online: false,
  pendingChanges: 0,
  lastSyncAt: null,
  messages: [],
  unreadMessages: 0,
};

function transportWith(fetchImpl: typeof fetch, extra: Partial<Parameters<typeof createHttpTransport>[0]> = {}) {
  return createHttpTransport({
    baseUrl: 'http://127.0.0.1:5174/',
    fetch: fetchImpl,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    ...extra,
  });
}

afterEach(() => {
  FakeSocket.instances = [];
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('HTTP transport', () => {
  it('posts JSON to /api/<name> and returns the checked value', async () => {
    const fetchImpl = vi.fn(async () => json({ ok: true, value: status }));
    const result = await transportWith(fetchImpl as unknown as typeof fetch).invoke('app.status', {});
    expect(result).toEqual({ ok: true, value: status });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:5174/api/app.status');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{}');
  });

  it('passes the backend\'s refusal through as data', async () => {
    const refusal = { ok: false, error: { code: 'query-too-short', message: 'Sökbegreppet behöver vara minst 3 tecken.' } };
    const result = await transportWith((async () => json(refusal)) as unknown as typeof fetch).invoke('individual.search', { query: '12' });
    expect(result).toEqual(refusal);
  });

  it('refuses an answer that does not follow the contract', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bad = { ok: true, value: { ...status, pendingChanges: 'många' } };
    const result = await transportWith((async () => json(bad)) as unknown as typeof fetch).invoke('app.status', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-response');
      expect(result.error.message).toMatch(/Oväntat svar från Buffert/);
    }
    const notJson = await transportWith((async () => new Response('<html>', { status: 502 })) as unknown as typeof fetch).invoke('app.status', {});
    expect(notJson.ok || notJson.error.message).toMatch(/HTTP 502/);
  });

  it('turns a network failure and a timeout into Swedish messages', async () => {
    const down = await transportWith((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch).invoke('app.status', {});
    expect(down.ok || down.error).toMatchObject({ code: 'network', message: expect.stringMatching(/Kunde inte nå Buffert/) });

    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as unknown as typeof fetch;
    const slow = await transportWith(hanging, { timeoutMs: 20 }).invoke('app.status', {});
    expect(slow.ok || slow.error).toMatchObject({ code: 'timeout', message: 'Buffert svarade inte i tid. Försök igen.' });
  });

  it('delivers contract-valid events, ignores the rest, and reconnects with back-off', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const transport = transportWith((async () => json({ ok: true, value: null })) as unknown as typeof fetch, {
      reconnectMinMs: 100,
      reconnectMaxMs: 400,
    });
    const seen: unknown[] = [];
    const stop = transport.on('data.changed', (p) => seen.push(p));
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe('ws://127.0.0.1:5174/events');
    socket.open();
    socket.receive(JSON.stringify({ event: 'data.changed', payload: { tables: ['individual'] } }));
    socket.receive(JSON.stringify({ event: 'data.changed', payload: { tables: 'individual' } }));
    socket.receive(JSON.stringify({ event: 'okänd', payload: {} }));
    socket.receive('inte json');
    expect(seen).toEqual([{ tables: ['individual'] }]);

    // Dropped: retried after 75 ms (half of 100 ms plus jitter), then 150, 300, capped at 400.
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = FakeSocket.instances.length;
      FakeSocket.instances[before - 1]!.drop();
      let waited = 0;
      while (FakeSocket.instances.length === before) {
        await vi.advanceTimersByTimeAsync(5);
        waited += 5;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([75, 150, 300, 300]);

    // An open connection resets the back-off.
    FakeSocket.instances.at(-1)!.open();
    FakeSocket.instances.at(-1)!.drop();
    await vi.advanceTimersByTimeAsync(75);
    expect(FakeSocket.instances).toHaveLength(6);

    stop();
    transport.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.instances).toHaveLength(6);
  });
});
