import { randomUUID } from 'node:crypto';
import type { MutationArgs, MutationName } from '../../shared/domain/mutations';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type Change, type PullResponse, type PushResponse } from '../../shared/sync/protocol';

/**
 * A minimal workstation for the server's own tests and benchmarks: raw protocol over real HTTP,
 * no replica. (The real sync engine lives in electron/backend/sync/.)
 */

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

export async function postJson<T = unknown>(url: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T };
}

export const VERSIONS = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION } as const;

export interface WireMutation {
  id: number;
  name: MutationName;
  userId: string;
  args: unknown;
  createdAt: string;
}

export class TestClient {
  token = '';
  private nextId = 1;

  constructor(
    readonly baseUrl: string,
    readonly clientId: string,
    readonly storeId: string,
  ) {}

  /** `currentToken`: registering a known client id again needs its token (or an admin reset). */
  static async register(baseUrl: string, clientId: string, storeId: string, enrolmentKey = 'demo-enrolment-key', currentToken?: string): Promise<TestClient> {
    const client = new TestClient(baseUrl, clientId, storeId);
    const answer = await postJson<{ token: string }>(`${baseUrl}/sync/register`, {
      ...VERSIONS,
      clientId,
      storeId,
      enrolmentKey,
      name: clientId,
      ...(currentToken !== undefined ? { currentToken } : {}),
    });
    if (answer.status !== 200) throw new Error(`register ${clientId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    client.token = answer.body.token;
    return client;
  }

  /** A mutation with the next consecutive id. */
  mutation<N extends MutationName>(name: N, userId: string, args: MutationArgs<N>, createdAt = new Date().toISOString()): WireMutation {
    return { id: this.nextId++, name, userId, args, createdAt };
  }

  push(mutations: readonly WireMutation[]): Promise<HttpAnswer<PushResponse>> {
    return postJson<PushResponse>(`${this.baseUrl}/sync/push`, { ...VERSIONS, clientId: this.clientId, mutations }, this.token);
  }

  async pushOk(mutations: readonly WireMutation[]): Promise<PushResponse> {
    const answer = await this.push(mutations);
    if (answer.status !== 200) throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  pull(cursor: string | null, limit = 5000): Promise<HttpAnswer<PullResponse>> {
    return postJson<PullResponse>(`${this.baseUrl}/sync/pull`, { ...VERSIONS, clientId: this.clientId, cursor, limit }, this.token);
  }

  /** Pulls until hasMore is false; returns every page. */
  async pullAll(cursor: string | null, limit = 5000): Promise<{ cursor: string; pages: PullResponse[]; changes: Change[] }> {
    const pages: PullResponse[] = [];
    let at = cursor;
    for (;;) {
      const answer = await this.pull(at, limit);
      if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${JSON.stringify(answer.body)}`);
      pages.push(answer.body);
      at = answer.body.cursor;
      if (!answer.body.hasMore) return { cursor: at, pages, changes: pages.flatMap((p) => p.changes) };
    }
  }
}

/** Args builders with fresh ids. */
export const args = {
  adjust: (articleId: string, storeId: string, quantity: number, reason = 'Inventering'): MutationArgs<'stock.adjust'> => ({
    movementId: randomUUID(),
    articleId,
    storeId,
    quantity,
    reason,
  }),
  register: (articleId: string, storeId: string, individualNo: string, text: string | null = null): MutationArgs<'individual.register'> => ({
    individualId: randomUUID(),
    movementId: randomUUID(),
    articleId,
    individualNo,
    serialNo: null,
    estimatedAgeYears: 0,
    storeId,
    text,
    textId: randomUUID(),
  }),
  addText: (individualId: string, text: string): MutationArgs<'individual.addText'> => ({ individualId, textId: randomUUID(), text }),
  changeNumber: (individualId: string, newIndividualNo: string, reason = 'Etiketten var oläslig'): MutationArgs<'individual.changeNumber'> => ({
    individualId,
    newIndividualNo,
    reason,
    confirmed: true,
    textId: randomUUID(),
  }),
};
