import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackContact } from '../../src/services/track-contact.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import {
  CLIENT_SECRET,
  FakeClock,
  PORTAL_ID,
  PUBLIC_BASE_URL,
  createHarness,
  signedHeaders,
} from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

const NOW = '2026-11-20T01:00:00.000Z';
const FIVE_MINUTES = 5 * 60_000;
const CARD = `/api/cards/lead?objectId=701&portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com&appId=4242`;

// HubSpot's own recipe, written out independently of our verifier: it signs the URL after decoding
// %40 (and eleven other escapes), so the e-mail appears as `rep@example.com` in what it signs.
function hubspotSignature(method: string, decodedUrl: string, body: string, timestamp: number): string {
  return createHmac('sha256', CLIENT_SECRET)
    .update(`${method}${decodedUrl}${body}${timestamp}`)
    .digest('base64');
}

function errorCode(json: unknown): string | undefined {
  return (json as { error?: { code?: string } } | null)?.error?.code;
}

describeEachStorage('signed routes', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await trackContact(
      harness.core,
      PORTAL_ID,
      {
        id: '701',
        properties: { industry: 'MACHINERY', numemployees: '10' },
        history: {},
        createdAt: null,
        updatedAt: null,
      },
      null,
    );
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const at = () => clock.now().getTime();

  it('serves a correctly signed card request whose userEmail carries %40', async () => {
    const timestamp = at();
    const res = await request(harness.app, 'GET', CARD, '', {
      'X-HubSpot-Signature-v3': hubspotSignature(
        'GET',
        `${PUBLIC_BASE_URL}/api/cards/lead?objectId=701&portalId=${PORTAL_ID}&userId=9&userEmail=rep@example.com&appId=4242`,
        '',
        timestamp,
      ),
      'X-HubSpot-Request-Timestamp': String(timestamp),
    });
    expect(res.status).toBe(200);
    expect((res.json as { contactId: string }).contactId).toBe('701');
  });

  it('refuses an unsigned request with 401 invalid_signature', async () => {
    const res = await request(harness.app, 'GET', CARD);
    expect(res.status).toBe(401);
    expect(errorCode(res.json)).toBe('invalid_signature');
  });

  it('refuses a signature older than five minutes', async () => {
    const res = await request(
      harness.app,
      'GET',
      CARD,
      '',
      signedHeaders('GET', CARD, '', at() - FIVE_MINUTES - 1_000),
    );
    expect(res.status).toBe(401);
    expect(errorCode(res.json)).toBe('invalid_signature');
  });

  it('accepts a signature four minutes old but refuses one more than five minutes ahead', async () => {
    const recent = await request(
      harness.app,
      'GET',
      CARD,
      '',
      signedHeaders('GET', CARD, '', at() - 4 * 60_000),
    );
    expect(recent.status).toBe(200);
    const future = await request(
      harness.app,
      'GET',
      CARD,
      '',
      signedHeaders('GET', CARD, '', at() + FIVE_MINUTES + 1_000),
    );
    expect(future.status).toBe(401);
    expect(errorCode(future.json)).toBe('invalid_signature');
  });

  it('refuses a forged signature, another secret, and a signature for another URL', async () => {
    const timestamp = at();
    const forged = await request(harness.app, 'GET', CARD, '', {
      'X-HubSpot-Signature-v3': createHmac('sha256', 'not-the-secret')
        .update(`GET${PUBLIC_BASE_URL}${CARD}${timestamp}`)
        .digest('base64'),
      'X-HubSpot-Request-Timestamp': String(timestamp),
    });
    expect(forged.status).toBe(401);
    expect(errorCode(forged.json)).toBe('invalid_signature');
    // A valid signature of contact 701's card does not open contact 702's.
    const other = CARD.replace('objectId=701', 'objectId=702');
    const replayed = await request(harness.app, 'GET', other, '', signedHeaders('GET', CARD, '', timestamp));
    expect(replayed.status).toBe(401);
    // A signed body changed in transit is refused too.
    const body = JSON.stringify({ contactId: '701', verdict: 'accepted', reasonCode: 'budget-confirmed' });
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`;
    const tampered = await request(
      harness.app,
      'POST',
      path,
      body.replace('accepted', 'rejected'),
      signedHeaders('POST', path, body, timestamp),
    );
    expect(tampered.status).toBe(401);
    expect(errorCode(tampered.json)).toBe('invalid_signature');
  });

  it('refuses a request signed for another portal with 403 wrong_portal', async () => {
    const path = CARD.replace(`portalId=${PORTAL_ID}`, 'portalId=99999');
    const res = await request(harness.app, 'GET', path, '', signedHeaders('GET', path, '', at()));
    expect(res.status).toBe(403);
    expect(errorCode(res.json)).toBe('wrong_portal');
  });

  it('takes the rep identity from the signed query, never from the body', async () => {
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`;
    const smuggled = JSON.stringify({
      contactId: '701',
      verdict: 'accepted',
      reasonCode: 'budget-confirmed',
      decidedBy: 'boss@example.com',
    });
    const refused = await request(
      harness.app,
      'POST',
      path,
      smuggled,
      signedHeaders('POST', path, smuggled, at()),
    );
    expect(refused.status).toBe(400);
    expect(errorCode(refused.json)).toBe('invalid_request');
    const { rows: none } = await test.db.query('SELECT 1 FROM verdicts');
    expect(none).toHaveLength(0);

    const body = JSON.stringify({ contactId: '701', verdict: 'accepted', reasonCode: 'budget-confirmed' });
    const res = await request(harness.app, 'POST', path, body, signedHeaders('POST', path, body, at()));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ decidedBy: 'rep@example.com' });
    const { rows } = await test.db.query<{ decided_by: string; decided_by_user_id: string }>(
      'SELECT decided_by, decided_by_user_id FROM verdicts',
    );
    expect(rows).toEqual([{ decided_by: 'rep@example.com', decided_by_user_id: '9' }]);
  });
});

describeEachStorage('signed routes without HUBSPOT_CLIENT_SECRET', (kind) => {
  let test: TestDatabase;
  let harness: Harness;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, env: { HUBSPOT_CLIENT_SECRET: '' } });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  it('answers 503 not_configured on every signed route, and stores nothing', async () => {
    const body = JSON.stringify([]);
    for (const [method, path, payload] of [
      ['GET', CARD, ''],
      ['POST', '/webhooks/hubspot', body],
      ['POST', `/api/verdicts?portalId=${PORTAL_ID}`, '{}'],
    ] as const) {
      const res = await request(harness.app, method, path, payload, signedHeaders(method, path, payload));
      expect(res.status).toBe(503);
      expect(errorCode(res.json)).toBe('not_configured');
    }
    const { rows } = await test.db.query('SELECT 1 FROM webhook_batches');
    expect(rows).toHaveLength(0);
  });

  it('still serves the unsigned health route', async () => {
    const res = await request(harness.app, 'GET', '/healthz');
    expect(res.status).toBe(200);
  });
});
