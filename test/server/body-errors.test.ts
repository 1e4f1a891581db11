import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { signHubSpotV3 } from '../../src/connectors/hubspot/request-signature.ts';
import {
  CLIENT_SECRET,
  PORTAL_ID,
  PUBLIC_BASE_URL,
  createHarness,
  signedHeaders,
} from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { sendFromChild } from '../helpers/child-client.ts';
import { request } from '../helpers/http.ts';

// What arrives before we know who sent it: a body that cannot be decoded, an upload cut short, a
// body nested deep enough to exhaust the stack. Each is the client's fault (4xx), never a 500 with
// a stack trace in the log; and the signature is checked over the raw bytes before any parsing.

const WEBHOOK = '/webhooks/hubspot';

function errorCode(json: unknown): string | undefined {
  return (json as { error?: { code?: string } } | null)?.error?.code;
}

function validEvent(extra: Record<string, unknown> = {}) {
  return {
    eventId: 1,
    subscriptionId: 1,
    portalId: Number(PORTAL_ID),
    occurredAt: 1_763_600_000_000,
    subscriptionType: 'contact.creation',
    objectId: 1,
    ...extra,
  };
}

describeEachStorage('request bodies before authentication', (kind) => {
  let test: TestDatabase;
  let harness: Harness;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const unhandled = () => harness.logs.filter((line) => line.includes('unhandled error'));
  const storedBatches = async () => (await test.db.query('SELECT 1 FROM webhook_batches')).rows.length;

  async function withServer<T>(work: (port: number) => Promise<T>): Promise<T> {
    const server = harness.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      return await work((server.address() as AddressInfo).port);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  }

  it('answers 400 to a gzip body that does not inflate, without logging an unhandled error', async () => {
    const garbage = 'this is not gzip at all';
    const res = await withServer((port) =>
      sendFromChild({
        port,
        method: 'POST',
        path: WEBHOOK,
        headers: { ...signedHeaders('POST', WEBHOOK, garbage), 'Content-Encoding': 'gzip' },
        body: garbage,
      }),
    );
    expect(res.status).toBe(400);
    expect(errorCode(JSON.parse(res.body))).toMatch(/^[a-z_]+$/);
    expect(unhandled()).toEqual([]);
    expect(await storedBatches()).toBe(0);
  });

  it('treats an upload cut short as the client going away: no 500, no unhandled error', async () => {
    const partial = '[{"eventId": 1, "subscriptionId": 1,';
    await withServer(async (port) => {
      await sendFromChild({
        port,
        method: 'POST',
        path: WEBHOOK,
        headers: { ...signedHeaders('POST', WEBHOOK, partial), 'Content-Length': '100000' },
        body: partial,
        abortAfterMs: 100,
      });
      // Give the server time to notice the abort and run its error path.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    // The server saw the abort (it says so in the log)...
    expect(harness.logs.some((line) => line.includes('aborted'))).toBe(true);
    // ...and did not take it for a failure of its own.
    expect(unhandled()).toEqual([]);
    expect(harness.logs.filter((line) => /"status":5\d\d/.test(line))).toEqual([]);
    expect(await storedBatches()).toBe(0);
  });

  it('answers 400 to a webhook body nested deeper than any real event, without a stack overflow', async () => {
    const depth = 200_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const body = JSON.stringify([validEvent({ extra: '__DEEP__' })]).replace('"__DEEP__"', deep);
    const res = await request(harness.app, 'POST', WEBHOOK, body, signedHeaders('POST', WEBHOOK, body));
    expect(res.status).toBe(400);
    expect(errorCode(res.json)).toBe('invalid_request');
    expect(unhandled()).toEqual([]);
    expect(await storedBatches()).toBe(0);
  });

  it('checks the signature before parsing: malformed JSON without a valid signature is a 401', async () => {
    const body = '[{"eventId": 1,';
    const headers = signedHeaders('POST', WEBHOOK, body);
    const res = await request(harness.app, 'POST', WEBHOOK, body, {
      ...headers,
      'X-HubSpot-Signature-v3': 'A'.repeat(44),
    });
    expect(res.status).toBe(401);
    expect(errorCode(res.json)).toBe('invalid_signature');
  });

  it('answers a body without signature headers with 401 before reading it', async () => {
    const body = JSON.stringify([validEvent({ pad: 'x'.repeat(512 * 1024) })]);
    const res = await request(harness.app, 'POST', WEBHOOK, body, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(401);
    expect(errorCode(res.json)).toBe('invalid_signature');
  });

  it('still answers 415 to a body in another charset than UTF-8', async () => {
    const body = '[]';
    const res = await request(harness.app, 'POST', WEBHOOK, body, {
      ...signedHeaders('POST', WEBHOOK, body),
      'Content-Type': 'application/json; charset=latin1',
    });
    expect(res.status).toBe(415);
    expect(errorCode(res.json)).toBe('unsupported_encoding');
  });

  it('answers 400 invalid_json to bytes that are not UTF-8, after checking their signature', async () => {
    const bytes = Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]);
    const timestamp = String(Date.now());
    const signature = signHubSpotV3({
      method: 'POST',
      url: `${PUBLIC_BASE_URL}${WEBHOOK}`,
      rawBody: bytes,
      timestamp,
      clientSecret: CLIENT_SECRET,
    });
    const res = await withServer((port) =>
      sendFromChild({
        port,
        method: 'POST',
        path: WEBHOOK,
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Signature-v3': signature,
          'X-HubSpot-Request-Timestamp': timestamp,
        },
        body: bytes,
      }),
    );
    expect(res.status).toBe(400);
    expect(errorCode(JSON.parse(res.body))).toBe('invalid_json');
    expect(unhandled()).toEqual([]);
  });
});
