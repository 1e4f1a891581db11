import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedProperties } from '../../server/jobs/workers.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

// HubSpot retries a refused delivery whole (up to 10 times over about a day), and a batch can mix
// many contacts' changes. One bad event must cost that event only: it is refused, kept for
// inspection and counted, and the batch's other events are stored and processed.

const NOW = '2026-11-20T01:00:00.000Z';

function event(eventId: number, objectId: number | string, extra: Record<string, unknown> = {}) {
  return {
    eventId,
    subscriptionId: 2_451_001,
    portalId: Number(PORTAL_ID),
    appId: 4242,
    occurredAt: Date.parse('2026-11-20T00:59:00.000Z'),
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId,
    propertyName: 'industry',
    propertyValue: 'MACHINERY',
    changeSource: 'CRM_UI',
    ...extra,
  };
}

interface Acknowledgement {
  readonly received: number;
  readonly accepted: number;
  readonly refused: number;
  readonly batchId: number | null;
}

describeEachStorage('POST /webhooks/hubspot with bad events', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    // No CRM: processing folds the events into the stored contact, so the test sees what was kept.
    harness = await createHarness({ db: test.db, clock });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const post = (body: string) =>
    request(
      harness.app,
      'POST',
      '/webhooks/hubspot',
      body,
      signedHeaders('POST', '/webhooks/hubspot', body, clock.now().getTime()),
    );

  const refusals = async () =>
    (
      await test.db.query<{ event_index: number; field: string; reason: string; event: string }>(
        'SELECT event_index, field, reason, event FROM webhook_refusals ORDER BY id',
      )
    ).rows;

  it('refuses the event holding U+0000 or a bad id, and stores and processes the others', async () => {
    const { objectId: _dropped, ...withoutObjectId } = event(3, 0);
    const body = JSON.stringify([
      event(1, 1001),
      event(2, 1002, { propertyValue: 'MACHINERY\u0000' }),
      withoutObjectId,
      event(4, '9'.repeat(400)),
      event(5, 1005, { changeSource: 'CRM\u0000' }),
      event(6, 1006, { 'source\u0000': 'x' }),
      event(7, 1003),
    ]);
    const res = await post(body);
    expect(res.status).toBe(200);
    const ack = res.json as Acknowledgement;
    expect(ack).toMatchObject({ received: 7, accepted: 2, refused: 5 });
    expect(ack.batchId).not.toBeNull();

    const { rows: batches } = await test.db.query<{ event_count: number }>(
      'SELECT event_count FROM webhook_batches',
    );
    expect(batches).toEqual([{ event_count: 2 }]);
    const refused = await refusals();
    expect(refused.map((row) => [row.event_index, row.field])).toEqual([
      [1, 'propertyValue'],
      [2, 'objectId'],
      [3, 'objectId'],
      [4, 'changeSource'],
      [5, 'source\\u0000'],
    ]);
    expect(refused[0]?.reason).toContain('U+0000');
    // Kept for inspection with the NUL escaped (text and jsonb cannot hold U+0000 itself).
    expect(refused[0]?.event).toContain('MACHINERY\\u0000');

    const metrics = await request(harness.app, 'GET', '/metrics');
    expect(metrics.text).toMatch(/^lead_handoff_webhook_events_total\{outcome="invalid"\} 5$/m);
    expect(metrics.text).toMatch(/^lead_handoff_webhook_events_total\{outcome="accepted"\} 2$/m);

    const core = harness.core;
    const result = await processWebhookBatch(
      { ...core, crm: null, propertiesToRead: trackedProperties(core) },
      ack.batchId ?? 0,
    );
    expect(result).toMatchObject({ events: 2, contacts: 2 });
    const { rows: contacts } = await test.db.query<{ contact_id: string }>(
      'SELECT contact_id FROM contacts ORDER BY contact_id',
    );
    expect(contacts.map((row) => row.contact_id)).toEqual(['1001', '1003']);
  });

  it.each([
    ['an event without eventId', { ...event(10, 1010), eventId: undefined }, 'eventId'],
    ['a string occurredAt', event(11, 1011, { occurredAt: '2026-11-20T00:59:00Z' }), 'occurredAt'],
    ['a non-numeric objectId', event(12, 'abc'), 'objectId'],
    ['a 30-digit subscriptionId', event(13, 1013, { subscriptionId: '1'.repeat(30) }), 'subscriptionId'],
    ['a 30-digit eventId', { ...event(14, 1014), eventId: '2'.repeat(30) }, 'eventId'],
    ['a 30-digit portalId', event(15, 1015, { portalId: '3'.repeat(30) }), 'portalId'],
    ['an objectId beyond 2^53', event(16, 1e300), 'objectId'],
    ['an occurredAt past year 9999', event(17, 1017, { occurredAt: 1e17 }), 'occurredAt'],
  ])('refuses %s alone, acknowledges the delivery, and stores no batch', async (_name, bad, field) => {
    const before = (await refusals()).length;
    const res = await post(JSON.stringify([bad]));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 1, accepted: 0, refused: 1, batchId: null });
    const after = await refusals();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.field).toBe(field);
  });

  it('still refuses a body that is not a batch at all with 400, storing nothing', async () => {
    const before = (await refusals()).length;
    const res = await post(JSON.stringify({ eventId: 1 }));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await refusals()).toHaveLength(before);
  });
});
