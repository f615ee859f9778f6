import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';

// What the benchmarks send the engine: the bench pack's three-step approval
// (tests/bench/packs/bench-approval, county yunan), as the web app sends it — JSON bodies, the
// session cookie, and a fresh Idempotency-Key on every submit (designer/src/app/form-services.ts).

export const PACK = { packId: 'bench-approval', flowId: 'approval' };
/** A demo account (engine/seed/demo-seed.ts) whose role may start the flow and send its events. */
const ACCOUNT = { county: 'yunan', username: 'staff', password: process.env.DEMO_PASSWORD ?? 'demo1234' };

export const APPLICATION = { title: '修复村道路面坑洼', category: 'road', amount: 120000, details: '桂圩村至大湾镇村道约两公里路面破损，雨天积水，村民出行不便。' };
/** An event request's body. */
export interface EventBody {
  type: string;
  payload: Record<string, unknown>;
}

export const REVIEW: EventBody = { type: 'REVIEW', payload: { opinion: '情况属实，同意上报。' } };
export const RETURN: EventBody = { type: 'RETURN', payload: { returnReason: '请补充预算明细后再审。' } };
export const APPROVE: EventBody = { type: 'APPROVE', payload: { approvalNote: '同意。' } };

const json = { 'content-type': 'application/json' };

/** Logs in as the bench account; returns the Cookie header to send. */
export async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(ACCOUNT) });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('renda_session='));
  if (!cookie) throw new Error('login: no session cookie');
  return cookie.split(';')[0];
}

async function createOne(url: string, cookie: string): Promise<string> {
  const response = await fetch(`${url}/api/items`, {
    method: 'POST',
    headers: { ...json, cookie, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ ...PACK, payload: APPLICATION }),
  });
  if (response.status !== 201) throw new Error(`creating an item: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { item: { id: string } }).item.id;
}

/**
 * Items waiting for their next event, for P1's event runs. Each event is a real transition of
 * the approval: an item awaiting review is reviewed (REVIEW), a reviewed one is returned for
 * review (RETURN), so an item can take events without end and its data keeps its size. A
 * request takes an item from the front and puts it back at the end once answered, so no two
 * requests in flight name the same item (no version conflicts) and all items take turns.
 * Items whose request was cut off by the end of a run are dropped, since their state is
 * unknown, and replaced by new ones before the next run.
 */
export class ItemPool {
  private readonly next = new Map<string, EventBody>();
  private free: string[] = [];

  constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly size: number,
  ) {}

  /** Creates items (untimed) until the pool is full again. */
  async refill(): Promise<void> {
    this.settle();
    const missing = this.size - this.free.length;
    const fresh: string[] = [];
    for (let i = 0; i < missing; i += 8) {
      fresh.push(...(await Promise.all(Array.from({ length: Math.min(8, missing - i) }, () => createOne(this.url, this.cookie)))));
    }
    for (const id of fresh) this.next.set(id, REVIEW);
    this.free = [...this.free, ...fresh];
  }

  /** The request that sends every item in turn its next event. */
  request(): autocannon.Request {
    return {
      method: 'POST',
      setupRequest: (request, context) => {
        const itemId = this.free.shift();
        if (!itemId) throw new Error('the item pool ran dry: more connections than items');
        const event = this.next.get(itemId)!;
        (context as { itemId?: string }).itemId = itemId;
        return {
          ...request,
          path: `/api/items/${itemId}/events`,
          headers: { ...json, cookie: this.cookie, 'idempotency-key': randomUUID() },
          body: JSON.stringify(event),
        };
      },
      onResponse: (status, _body, context) => {
        const itemId = (context as { itemId?: string }).itemId;
        if (!itemId || status !== 200) return; // a refusal fails the run (load.ts)
        this.next.set(itemId, this.next.get(itemId) === REVIEW ? RETURN : REVIEW);
        this.free.push(itemId);
      },
    };
  }

  /** After a run: forget the items whose last request was never answered. */
  private settle(): void {
    const kept = new Map<string, EventBody>();
    for (const id of this.free) kept.set(id, this.next.get(id)!);
    this.next.clear();
    for (const [id, event] of kept) this.next.set(id, event);
  }
}

/** P1's item creation: the flow's start form, as the web app submits it. */
export function createRequest(cookie: string): autocannon.Request {
  const body = JSON.stringify({ ...PACK, payload: APPLICATION });
  return {
    method: 'POST',
    path: '/api/items',
    setupRequest: (request) => ({ ...request, headers: { ...json, cookie, 'idempotency-key': randomUUID() }, body }),
  };
}

/** P3 on the engine: one approval is three requests on one connection — create, review, approve. */
export function approvalRequests(cookie: string, approved: { count: number }): autocannon.Request[] {
  const headers = () => ({ ...json, cookie, 'idempotency-key': randomUUID() });
  type Context = { itemId?: string };
  return [
    {
      method: 'POST',
      path: '/api/items',
      setupRequest: (request) => ({ ...request, headers: headers(), body: JSON.stringify({ ...PACK, payload: APPLICATION }) }),
      onResponse: (status, body, context) => {
        if (status === 201) (context as Context).itemId = (JSON.parse(body) as { item: { id: string } }).item.id;
      },
    },
    {
      method: 'POST',
      setupRequest: (request, context) => ({ ...request, path: `/api/items/${(context as Context).itemId}/events`, headers: headers(), body: JSON.stringify(REVIEW) }),
    },
    {
      method: 'POST',
      setupRequest: (request, context) => ({ ...request, path: `/api/items/${(context as Context).itemId}/events`, headers: headers(), body: JSON.stringify(APPROVE) }),
      onResponse: (status) => {
        if (status === 200) approved.count++;
      },
    },
  ];
}
