// The simulated HubSpot portal of `npm run demo`: the bench's fake HubSpot (CRM v3 contacts,
// owners, tasks, HubSpot's rate limits and 429s) with the portal's property schema composed in
// front of it, plus read-only `/_portal/…` routes that show the portal's state to the preview and
// the tests. The backend reaches it only over HTTP, through HUBSPOT_API_BASE_URL.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeHubSpot } from '../../bench/fake-hubspot.ts';
import type { FakeContact, FakeHubSpot, FakeOwner, RecordedTask } from '../../bench/fake-hubspot.ts';
import { createPropertyRegistry } from './portal-properties.ts';
import type { Answer, PortalSchema, PropertyRegistry } from './portal-properties.ts';
import { contactDetail, contactSummaries } from './portal-views.ts';

export interface PortalSnapshot {
  readonly version: 1;
  readonly savedAt: string;
  readonly contacts: FakeContact[];
  readonly owners: FakeOwner[];
  readonly schema: PortalSchema;
  readonly tasks: RecordedTask[];
}

export interface SimulatedPortalOptions {
  readonly contacts: FakeContact[];
  readonly owners: FakeOwner[];
  readonly schema: PortalSchema;
  readonly tasks?: RecordedTask[];
  readonly accessToken: string;
  readonly portalId: string;
  readonly port?: number;
}

export interface SimulatedPortal {
  readonly url: string;
  readonly fake: FakeHubSpot;
  readonly properties: PropertyRegistry;
  snapshot(): PortalSnapshot;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parse(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, answer: Answer, headers: Record<string, string> = {}): void {
  response.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  response.end(JSON.stringify(answer.body));
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
]);

export async function startSimulatedPortal(options: SimulatedPortalOptions): Promise<SimulatedPortal> {
  // HubSpot's limits for a Free/Starter private app: 100 requests per rolling 10 s, 5 searches/s.
  const fake = await startFakeHubSpot({
    contacts: options.contacts,
    owners: options.owners,
    accessToken: options.accessToken,
    perTenSeconds: 100,
  });
  fake.stats.tasks.push(...(options.tasks ?? []));
  const properties = createPropertyRegistry(options.schema);
  const authorised = (request: IncomingMessage) =>
    request.headers.authorization === `Bearer ${options.accessToken}`;

  const forward = async (request: IncomingMessage, response: ServerResponse, raw: Buffer) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !HOP_BY_HOP.has(name) && name !== 'host') headers[name] = value;
    }
    const method = request.method ?? 'GET';
    const answer = await fetch(`${fake.url}${request.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(raw) }),
    });
    const relayed: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) relayed[name] = value;
    });
    response.writeHead(answer.status, relayed);
    response.end(Buffer.from(await answer.arrayBuffer()));
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://portal');
    const raw = await readBody(request);
    if (pathname.startsWith('/_portal/')) {
      if (method !== 'GET') {
        send(response, { status: 405, body: { message: 'read-only' } });
        return;
      }
      const view = portalView(pathname, searchParams);
      send(response, view ?? { status: 404, body: { message: `No portal view ${pathname}` } });
      return;
    }
    if (pathname.startsWith('/crm/v3/properties/contacts')) {
      if (!authorised(request)) return forward(request, response, raw); // the fake answers HubSpot's 401
      const answer = properties.handle(method, pathname, parse(raw));
      if (answer) {
        send(response, answer);
        return;
      }
    }
    if (method === 'POST' && pathname === '/crm/v3/objects/contacts/batch/update' && authorised(request)) {
      const body = parse(raw) as { inputs?: { properties?: Record<string, unknown> }[] } | undefined;
      const inputs = (Array.isArray(body?.inputs) ? body.inputs : []).map((input) => ({
        properties: input.properties ?? {},
      }));
      const refusal = properties.refuseUpdate(inputs);
      if (refusal) {
        send(response, refusal);
        return;
      }
    }
    return forward(request, response, raw);
  };

  const portalView = (pathname: string, query: URLSearchParams): Answer | null => {
    if (pathname === '/_portal/contacts')
      return { status: 200, body: contactSummaries(fake, options.owners, query) };
    const one = /^\/_portal\/contacts\/([^/]+)$/.exec(pathname);
    if (one?.[1] !== undefined) {
      const detail = contactDetail(fake, options.owners, properties.schema, decodeURIComponent(one[1]));
      return detail ? { status: 200, body: detail } : { status: 404, body: { message: 'no such contact' } };
    }
    if (pathname === '/_portal/tasks') return { status: 200, body: { tasks: fake.stats.tasks } };
    if (pathname === '/_portal/owners')
      return { status: 200, body: { owners: options.owners, portalId: options.portalId } };
    return null;
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, { status: 502, body: { message: String(error) } });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    fake,
    properties,
    snapshot: () => ({
      version: 1,
      savedAt: new Date().toISOString(),
      contacts: [...fake.contacts.all()],
      owners: options.owners,
      schema: properties.schema,
      tasks: [...fake.stats.tasks],
    }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await fake.close();
    },
  };
}
