import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../demo/preview/preview-server.ts';
import type { PreviewServer } from '../../demo/preview/preview-server.ts';
import { verifyHubSpotSignatureV3 } from '../../src/connectors/hubspot/request-signature.ts';

const SECRET = 'test-client-secret-0000';
const IDENTITY = {
  portalId: '4817522',
  userId: '6100001',
  userEmail: 'sato.hanako@demo-sales.example.jp',
  appId: '3140027',
};

interface Received {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly signatureOk: boolean;
}

let backend: Server | null = null;
let preview: PreviewServer | null = null;

afterEach(async () => {
  await preview?.close();
  await new Promise<void>((resolve) => {
    if (backend)
      backend.close(() => {
        resolve();
      });
    else resolve();
  });
  backend = null;
  preview = null;
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A backend that checks each request's v3 signature against its own URL, as ours does. */
async function start(status = 200): Promise<{ received: Received[]; url: string }> {
  const received: Received[] = [];
  let origin = '';
  backend = createServer((request, response) => {
    void readBody(request).then((body) => {
      const verdict = verifyHubSpotSignatureV3({
        method: request.method ?? 'GET',
        url: `${origin}${request.url ?? ''}`,
        rawBody: body,
        signature: request.headers['x-hubspot-signature-v3'] as string | undefined,
        timestamp: request.headers['x-hubspot-request-timestamp'] as string | undefined,
        clientSecret: SECRET,
        now: Date.now(),
      });
      received.push({ method: request.method ?? '', url: request.url ?? '', body, signatureOk: verdict.ok });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(status === 200 ? { ok: true } : { error: { code: 'not_found', message: 'no' } }),
      );
    });
  });
  await new Promise<void>((resolve) => backend?.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  preview = await startPreviewServer({
    bundle: {
      assets: new Map([
        ['/', { contentType: 'text/html; charset=utf-8', body: Buffer.from('<p>preview</p>') }],
      ]),
      entries: [],
    },
    port: 0,
    backendUrl: origin,
    portalUrl: 'http://127.0.0.1:9',
    clientSecret: SECRET,
    identity: IDENTITY,
    user: { id: 6100001, email: IDENTITY.userEmail, firstName: '花子', lastName: '佐藤' },
    timezone: 'Asia/Tokyo',
  });
  return { received, url: origin };
}

async function hubspotFetch(payload: object): Promise<Response> {
  return fetch(`${preview?.url ?? ''}_preview/fetch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

describe('the preview server’s hubspot.fetch proxy', () => {
  it('appends the user identity, signs like HubSpot (v3) and relays the answer', async () => {
    const { received, url } = await start();
    const answer = await hubspotFetch({ url: `${url}/api/cards/lead?objectId=30105`, method: 'GET' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true });
    expect(received).toHaveLength(1);
    const [first] = received;
    expect(first?.signatureOk).toBe(true);
    const query = new URL(first?.url ?? '', url).searchParams;
    expect(Object.fromEntries(query)).toEqual({ objectId: '30105', ...IDENTITY });
  });

  it('sends a JSON body as HubSpot does, signed over the raw bytes, Japanese included', async () => {
    const { received, url } = await start();
    const body = { contactId: '30105', verdict: 'rejected', reasonCode: 'no-budget', note: '今期は予算なし' };
    await hubspotFetch({ url: `${url}/api/verdicts`, method: 'POST', body });
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.signatureOk).toBe(true);
    expect(JSON.parse(received[0]?.body ?? '')).toEqual(body);
  });

  it('relays a refusal with its status and body', async () => {
    const { url } = await start(404);
    const answer = await hubspotFetch({ url: `${url}/api/cards/lead?objectId=1`, method: 'GET' });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ error: { code: 'not_found', message: 'no' } });
  });

  it('refuses URLs outside the app’s permitted backend, without calling anything', async () => {
    const { received } = await start();
    const answer = await hubspotFetch({ url: 'http://127.0.0.1:1/api/cards/lead', method: 'GET' });
    expect(answer.status).toBe(400);
    expect(received).toHaveLength(0);
  });

  it('serves the page and tells it who the user is', async () => {
    await start();
    expect(await (await fetch(preview?.url ?? '')).text()).toContain('preview');
    const session = (await (await fetch(`${preview?.url ?? ''}_preview/session`)).json()) as {
      user: { email: string };
      portalId: string;
    };
    expect(session.portalId).toBe(IDENTITY.portalId);
    expect(session.user.email).toBe(IDENTITY.userEmail);
  });
});
