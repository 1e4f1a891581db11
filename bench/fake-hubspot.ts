// A local HubSpot for benchmarks and wire tests: a real HTTP server on 127.0.0.1 speaking the CRM
// v3 routes we use, with HubSpot's limits and its real 429 answers, so a connector can be measured
// end to end (calls per contact, 429s, ordering of writes) without a portal.
//
// Emulated: contacts search (lastmodifieddate-style filters, sorts, limit ≤ 200, `after`, 400 past
// 10,000 results, `total`), batch read (≤ 100, ≤ 50 with propertiesWithHistory, 207 for unknown ids), batch
// update (≤ 100, recorded in arrival order), owners by id, task creation, the contact properties list; a sliding-window limit of
// N requests per rolling 10 s (TEN_SECONDLY_ROLLING) and 5 searches per second (SECONDLY).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContactStore, generateContacts } from './fake-hubspot-contacts.ts';
import type { FakeContact, FakeContactStore, GenerateContactsOptions } from './fake-hubspot-contacts.ts';
import {
  asRecord,
  hubSpotError,
  searchContacts,
  stringList,
  toHubSpotObject,
} from './fake-hubspot-search.ts';
import type { FakeAnswer as Answer } from './fake-hubspot-search.ts';

export { createContactStore, generateContacts } from './fake-hubspot-contacts.ts';
export type {
  FakeContact,
  FakeContactStore,
  FakeHistoryEntry,
  GenerateContactsOptions,
} from './fake-hubspot-contacts.ts';

export type FakeRoute =
  'search' | 'batchRead' | 'batchUpdate' | 'owner' | 'createTask' | 'properties' | 'unknown';

export interface FakeOwner {
  readonly id: string;
  readonly userId: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

export interface FakeHubSpotOptions {
  /** The contacts, or how to generate them (default: 1,000 modified over the 30 days before now). */
  readonly contacts?: readonly FakeContact[] | GenerateContactsOptions;
  /** Requests per rolling 10 s for the app (HubSpot: 100 Free/Starter private app, 190 Pro/Enterprise). */
  readonly perTenSeconds?: number;
  /**
   * The rolling window `perTenSeconds` applies to (default HubSpot's 10,000 ms), reported in
   * X-HubSpot-RateLimit-Interval-Milliseconds: tests shorten it to keep pacing runs quick.
   */
  readonly intervalMs?: number;
  /** Search requests per second (HubSpot: 5 per account). */
  readonly searchPerSecond?: number;
  /**
   * Whether searches also count against the 10 s window. HubSpot documents search's own 5/s limit;
   * whether it also draws on the burst budget is not documented, so this errs on the strict side.
   */
  readonly searchCountsTowardBurst?: boolean;
  readonly dailyLimit?: number;
  /** When set, requests without `Authorization: Bearer <token>` get HubSpot's 401. */
  readonly accessToken?: string;
  readonly owners?: readonly FakeOwner[];
  /** Contact properties the portal lacks (left out of GET /crm/v3/properties/contacts). */
  readonly lacksProperties?: readonly string[];
  /** Delay before each answer, ms (network round trip). */
  readonly latencyMs?: number;
  readonly now?: () => number;
}

export interface RecordedTask {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly associations: unknown;
}

export interface FakeHubSpotStats {
  /** Requests received per route, 429s and injected failures included. */
  readonly calls: Record<FakeRoute, number>;
  /** 429s answered, in total and per policy. */
  rateLimited: number;
  readonly rateLimitedByPolicy: { TEN_SECONDLY_ROLLING: number; SECONDLY: number; DAILY: number };
  /** Each accepted batch update's inputs, in the order the calls arrived. */
  readonly batchUpdates: { readonly id: string; readonly properties: Record<string, string> }[][];
  readonly tasks: RecordedTask[];
  /** Most requests accepted inside any rolling 10 s (should stay ≤ the limit). */
  maxInTenSeconds: number;
  reset(): void;
}

export interface InjectedFailure {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How many requests in a row get it; default 1. */
  readonly times?: number;
}

export interface FakeHubSpot {
  readonly url: string;
  readonly stats: FakeHubSpotStats;
  readonly contacts: FakeContactStore;
  readonly owners: readonly FakeOwner[];
  /** The next request(s) to `route` get this answer instead (after the rate limit lets them in). */
  failNext(route: FakeRoute, failure: InjectedFailure): void;
  close(): Promise<void>;
}

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;
const MAX_BATCH = 100;
// HubSpot refuses a batch read with propertiesWithHistory over 50 inputs with this 400; the body is
// the one quoted from real answers in activepieces/activepieces#9359 (the correlationId varies).
const MAX_HISTORY_BATCH = 50;
const HISTORY_BATCH_MESSAGE =
  'The maximum number of inputs supported in a batch request for property histories is 50. Please reduce the number of items and try again';

const DEFAULT_OWNERS: readonly FakeOwner[] = [
  { id: '71000001', userId: 5100001, email: 'sato@example.co.jp', firstName: '花子', lastName: '佐藤' },
  { id: '71000002', userId: 5100002, email: 'suzuki@example.co.jp', firstName: '一郎', lastName: '鈴木' },
  { id: '71000003', userId: 5100003, email: 'takahashi@example.co.jp', firstName: '健', lastName: '高橋' },
];

function emptyCalls(): Record<FakeRoute, number> {
  return { search: 0, batchRead: 0, batchUpdate: 0, owner: 0, createTask: 0, properties: 0, unknown: 0 };
}

function createStats(): FakeHubSpotStats {
  const stats: FakeHubSpotStats = {
    calls: emptyCalls(),
    rateLimited: 0,
    rateLimitedByPolicy: { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 },
    batchUpdates: [],
    tasks: [],
    maxInTenSeconds: 0,
    reset() {
      Object.assign(stats.calls, emptyCalls());
      stats.rateLimited = 0;
      Object.assign(stats.rateLimitedByPolicy, { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 });
      stats.batchUpdates.length = 0;
      stats.tasks.length = 0;
      stats.maxInTenSeconds = 0;
    },
  };
  return stats;
}

function routeOf(method: string, path: string): { route: FakeRoute; id?: string } {
  if (method === 'POST' && path === '/crm/v3/objects/contacts/search') return { route: 'search' };
  if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') return { route: 'batchRead' };
  if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/update') return { route: 'batchUpdate' };
  if (method === 'POST' && path === '/crm/v3/objects/tasks') return { route: 'createTask' };
  if (method === 'GET' && path === '/crm/v3/properties/contacts') return { route: 'properties' };
  const owner = /^\/crm\/v3\/owners\/([^/]+)$/.exec(path);
  if (method === 'GET' && owner?.[1] !== undefined)
    return { route: 'owner', id: decodeURIComponent(owner[1]) };
  return { route: 'unknown' };
}

/** A sliding-window log of accepted request instants. */
function slidingWindow(windowMs: number): { count(at: number): number; add(at: number): void } {
  const stamps: number[] = [];
  let head = 0;
  return {
    count(at) {
      while (head < stamps.length && (stamps[head] ?? 0) <= at - windowMs) head += 1;
      if (head > 1024) {
        stamps.splice(0, head);
        head = 0;
      }
      return stamps.length - head;
    },
    add(at) {
      stamps.push(at);
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

function batchInputs(body: Record<string, unknown>): Record<string, unknown>[] | Answer {
  const inputs = Array.isArray(body['inputs']) ? body['inputs'].map(asRecord) : null;
  if (inputs === null) return hubSpotError(400, 'VALIDATION_ERROR', 'inputs is required');
  if (inputs.length > MAX_BATCH) {
    return hubSpotError(
      400,
      'VALIDATION_ERROR',
      `Batch input limit exceeded: ${inputs.length} inputs, max ${MAX_BATCH}`,
    );
  }
  return inputs;
}

function batchAnswer(results: object[], missing: string[], startedAt: string): Answer {
  const base = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (missing.length === 0) return { status: 200, body: base };
  const error = {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message:
      'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
    context: { ids: missing },
  };
  return { status: 207, body: { ...base, numErrors: 1, errors: [error] } };
}

export async function startFakeHubSpot(options: FakeHubSpotOptions = {}): Promise<FakeHubSpot> {
  const now = options.now ?? Date.now;
  const perTenSeconds = options.perTenSeconds ?? 100;
  const searchPerSecond = options.searchPerSecond ?? 5;
  const searchCountsTowardBurst = options.searchCountsTowardBurst ?? true;
  const dailyLimit = options.dailyLimit ?? 250_000;
  const owners = options.owners ?? DEFAULT_OWNERS;
  const source = options.contacts ?? {
    count: 1_000,
    modifiedFrom: new Date(now() - 30 * 86_400_000),
    modifiedTo: new Date(now()),
  };
  const contacts = createContactStore(
    Array.isArray(source)
      ? source
      : generateContacts({
          ownerIds: owners.map((owner) => owner.id),
          ...(source as GenerateContactsOptions),
        }),
  );
  const stats = createStats();
  const intervalMs = options.intervalMs ?? TEN_SECONDS;
  const burst = slidingWindow(intervalMs);
  const searches = slidingWindow(ONE_SECOND);
  let daily = 0;
  let nextTaskId = 90_000_001;
  const failures = new Map<FakeRoute, InjectedFailure[]>();

  const rateHeaders = (used: number): Record<string, string> => ({
    'X-HubSpot-RateLimit-Daily': String(dailyLimit),
    'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, dailyLimit - daily)),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
    'X-HubSpot-RateLimit-Max': String(perTenSeconds),
    'X-HubSpot-RateLimit-Remaining': String(Math.max(0, perTenSeconds - used)),
  });

  const rateLimited = (policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY', used: number): Answer => {
    stats.rateLimited += 1;
    stats.rateLimitedByPolicy[policy] += 1;
    const message = {
      TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
      SECONDLY: 'You have reached your secondly limit.',
      DAILY: 'You have reached your daily limit.',
    }[policy];
    return {
      status: 429,
      body: {
        status: 'error',
        message,
        errorType: 'RATE_LIMIT',
        correlationId: randomUUID(),
        policyName: policy,
        groupName: policy === 'SECONDLY' ? 'api-search' : 'private-app-api-calls',
      },
      headers: policy === 'SECONDLY' ? {} : rateHeaders(used),
    };
  };

  // Admission: daily cap, search's own per-second cap, then the rolling 10 s window.
  const admit = (route: FakeRoute): Answer | { headers: Record<string, string> } => {
    const at = now();
    const isSearch = route === 'search';
    const used = burst.count(at);
    if (daily >= dailyLimit) return rateLimited('DAILY', used);
    if (isSearch && searches.count(at) >= searchPerSecond) return rateLimited('SECONDLY', used);
    const counted = !isSearch || searchCountsTowardBurst;
    if (counted && used >= perTenSeconds) return rateLimited('TEN_SECONDLY_ROLLING', used);
    daily += 1;
    if (isSearch) searches.add(at);
    if (counted) {
      burst.add(at);
      stats.maxInTenSeconds = Math.max(stats.maxInTenSeconds, used + 1);
    }
    // HubSpot sends no rate-limit headers on search answers.
    return { headers: isSearch ? {} : rateHeaders(used + 1) };
  };

  const handle = async (
    route: FakeRoute,
    id: string | undefined,
    request: IncomingMessage,
  ): Promise<Answer> => {
    const startedAt = new Date(now()).toISOString();
    const body = request.method === 'POST' ? asRecord(await readJson(request)) : {};
    switch (route) {
      case 'search':
        return searchContacts(contacts, body);
      case 'batchRead': {
        const inputs = batchInputs(body);
        if (!Array.isArray(inputs)) return inputs;
        const properties = stringList(body['properties']);
        const withHistory = stringList(body['propertiesWithHistory']);
        if (withHistory.length > 0 && inputs.length > MAX_HISTORY_BATCH) {
          return hubSpotError(400, 'VALIDATION_ERROR', HISTORY_BATCH_MESSAGE);
        }
        const found: object[] = [];
        const missing: string[] = [];
        for (const input of inputs) {
          const contact = contacts.get(String(input['id']));
          if (contact === undefined) missing.push(String(input['id']));
          else found.push(toHubSpotObject(contact, properties, withHistory));
        }
        return batchAnswer(found, missing, startedAt);
      }
      case 'batchUpdate': {
        const inputs = batchInputs(body);
        if (!Array.isArray(inputs)) return inputs;
        const received = inputs.map((input) => ({
          id: String(input['id']),
          properties: Object.fromEntries(
            Object.entries(asRecord(input['properties'])).map(([name, value]) => [name, String(value)]),
          ),
        }));
        stats.batchUpdates.push(received);
        const updated: object[] = [];
        const missing: string[] = [];
        for (const input of received) {
          const contact = contacts.update(input.id, input.properties, now());
          if (contact === undefined) missing.push(input.id);
          else updated.push(toHubSpotObject(contact, Object.keys(input.properties), []));
        }
        return batchAnswer(updated, missing, startedAt);
      }
      case 'owner': {
        const byUserId =
          new URL(request.url ?? '/', 'http://fake').searchParams.get('idProperty') === 'userId';
        const owner = owners.find((candidate) => (byUserId ? String(candidate.userId) : candidate.id) === id);
        if (owner === undefined) return hubSpotError(404, 'OBJECT_NOT_FOUND', `Owner ${id ?? ''} not found`);
        const at = '2025-04-01T00:00:00.000Z';
        return {
          status: 200,
          body: { ...owner, type: 'PERSON', teams: [], archived: false, createdAt: at, updatedAt: at },
        };
      }
      case 'createTask': {
        const properties = asRecord(body['properties']);
        if (properties['hs_timestamp'] === undefined) {
          return hubSpotError(
            400,
            'VALIDATION_ERROR',
            'Property values were not valid: hs_timestamp is required',
          );
        }
        const taskId = String(nextTaskId++);
        stats.tasks.push({ id: taskId, properties, associations: body['associations'] ?? [] });
        const at = new Date(now()).toISOString();
        const props = { ...properties, hs_object_id: taskId, hs_createdate: at, hs_lastmodifieddate: at };
        return {
          status: 201,
          body: { id: taskId, properties: props, createdAt: at, updatedAt: at, archived: false },
        };
      }
      case 'properties': {
        // Every property a contact carries exists in the portal, as text: enough for checks by name.
        const lacks = new Set(options.lacksProperties ?? []);
        const names = new Set(contacts.all().flatMap((contact) => Object.keys(contact.properties)));
        const results = [...names]
          .filter((name) => !lacks.has(name))
          .sort()
          .map((name) => ({
            name,
            label: name,
            type: 'string',
            fieldType: 'text',
            groupName: 'contactinformation',
            options: [],
            hidden: false,
            hubspotDefined: false,
          }));
        return { status: 200, body: { results } };
      }
      case 'unknown':
        return hubSpotError(
          404,
          'OBJECT_NOT_FOUND',
          `No route for ${request.method ?? ''} ${request.url ?? ''}`,
        );
    }
  };

  const respond = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { pathname } = new URL(request.url ?? '/', 'http://fake');
    const { route, id } = routeOf(request.method ?? 'GET', pathname);
    stats.calls[route] += 1;
    let answer: Answer;
    if (
      options.accessToken !== undefined &&
      request.headers.authorization !== `Bearer ${options.accessToken}`
    ) {
      answer = hubSpotError(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    } else {
      const admitted = admit(route);
      if ('status' in admitted) {
        answer = admitted;
      } else {
        const queued = failures.get(route);
        const failure = queued?.[0];
        if (failure !== undefined && queued !== undefined) {
          const left = (failure.times ?? 1) - 1;
          if (left > 0) queued[0] = { ...failure, times: left };
          else queued.shift();
          answer = {
            status: failure.status,
            body: failure.body ?? hubSpotError(failure.status, 'ERROR', 'injected').body,
          };
          if (failure.headers) answer = { ...answer, headers: failure.headers };
        } else {
          try {
            answer = await handle(route, id, request);
          } catch (error) {
            answer =
              error instanceof SyntaxError
                ? hubSpotError(400, 'VALIDATION_ERROR', `Invalid input JSON: ${error.message}`)
                : hubSpotError(500, 'INTERNAL_ERROR', 'internal error');
          }
        }
        answer = { ...answer, headers: { ...admitted.headers, ...answer.headers } };
      }
    }
    if (options.latencyMs !== undefined && options.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    }
    response.writeHead(answer.status, {
      'content-type': 'application/json;charset=utf-8',
      ...answer.headers,
    });
    response.end(JSON.stringify(answer.body));
  };

  const server = createServer((request, response) => {
    respond(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    contacts,
    owners,
    failNext(route, failure) {
      failures.set(route, [...(failures.get(route) ?? []), failure]);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
