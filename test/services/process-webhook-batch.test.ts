import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedProperties } from '../../server/jobs/workers.ts';
import { buildCore } from '../../server/runtime.ts';
import type { Core } from '../../server/runtime.ts';
import { loadConfig } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { RetryableError } from '../../src/services/retryable-error.ts';
import batchRead from '../fixtures/hubspot/batch-read-contacts.json' with { type: 'json' };
import validation400 from '../fixtures/hubspot/validation-400.json' with { type: 'json' };
import historyOver50 from '../fixtures/hubspot/batch-read-history-over-50-400.json' with { type: 'json' };
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API } from '../helpers/harness.ts';
import { batchReadReply, fixtureContact } from '../helpers/hubspot-batch-read.ts';
import type { BatchReadBody } from '../helpers/hubspot-batch-read.ts';

const PORTAL = '62515';
const READ = '/crm/v3/objects/contacts/batch/read';

function event(eventId: number, objectId: number, extra: Record<string, unknown> = {}) {
  return {
    eventId,
    subscriptionId: 9,
    portalId: Number(PORTAL),
    occurredAt: Date.parse('2026-11-20T00:50:00.000Z') + eventId,
    subscriptionType: 'contact.propertyChange',
    objectId,
    propertyName: 'industry',
    propertyValue: 'COMPUTER_SOFTWARE',
    ...extra,
  };
}

describeEachStorage('processWebhookBatch', (kind) => {
  let test: TestDatabase;
  let core: Core;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const loaded = loadConfig({
      HUBSPOT_PORTAL_ID: PORTAL,
      HUBSPOT_ACCESS_TOKEN: 'pat-test',
      HUBSPOT_API_BASE_URL: HUBSPOT_API,
    });
    if (!loaded.ok) throw new Error('config');
    core = await buildCore(loaded.config, createLogger('silent'), {
      db: test.db,
      now: new FakeClock('2026-11-20T01:00:00.000Z').now,
    });
  });
  afterAll(async () => {
    await test.close();
  });

  async function store(events: unknown[]): Promise<number> {
    const { rows } = await test.db.query<{ id: number }>(
      'INSERT INTO webhook_batches (events, event_count) VALUES ($1, $2) RETURNING id',
      [JSON.stringify(events), events.length],
    );
    return Number(rows[0]?.id);
  }

  const run = (batchId: number) =>
    processWebhookBatch({ ...core, crm: core.hubspot, propertiesToRead: trackedProperties(core) }, batchId);
  const state = async (batchId: number) =>
    (await test.db.query<{ state: string }>('SELECT state FROM webhook_batches WHERE id = $1', [batchId]))
      .rows[0]?.state;

  it('leaves the batch pending on a transient CRM failure, and finishes it on the retry', async () => {
    const batchId = await store([event(1, 101)]);
    const failing = nock(HUBSPOT_API).post(READ).reply(502, 'Bad Gateway');
    await expect(run(batchId)).rejects.toBeInstanceOf(RetryableError);
    expect(failing.isDone()).toBe(true);
    expect(await state(batchId)).toBe('pending');
    const { rows: seen } = await test.db.query("SELECT 1 FROM webhook_events WHERE event_id = '1'");
    expect(seen).toEqual([]);

    const ok = nock(HUBSPOT_API).post(READ).reply(200, batchRead);
    expect(await run(batchId)).toEqual({ events: 1, duplicates: 0, contacts: 1, refused: 0 });
    expect(ok.isDone()).toBe(true);
    expect(await state(batchId)).toBe('done');
  });

  it('never skips a contact the CRM refuses: its events stay unrecorded and the batch ends failed, saying why', async () => {
    const batchId = await store([event(2, 102)]);
    const scope = nock(HUBSPOT_API).post(READ).reply(400, validation400);
    expect(await run(batchId)).toEqual({ events: 1, duplicates: 0, contacts: 1, refused: 1 });
    expect(scope.isDone()).toBe(true);
    const { rows } = await test.db.query<{ state: string; last_error: string }>(
      'SELECT state, last_error FROM webhook_batches WHERE id = $1',
      [batchId],
    );
    expect(rows[0]?.state).toBe('failed');
    expect(rows[0]?.last_error).toContain('102');
    expect(rows[0]?.last_error).toContain('maybe was not one of the allowed options');
    const { rows: seen } = await test.db.query("SELECT 1 FROM webhook_events WHERE event_id = '2'");
    expect(seen).toEqual([]);
    const { rows: tracked } = await test.db.query("SELECT 1 FROM contacts WHERE contact_id = '102'");
    expect(tracked).toEqual([]);
  });

  it('reads a batch touching 120 contacts in calls of at most 50 with history, and tracks all 120', async () => {
    const events = Array.from({ length: 120 }, (_, index) => event(1000 + index, 5000 + index));
    const batchId = await store(events);
    const bodies: BatchReadBody[] = [];
    // The reply refuses a history read over 50 inputs with HubSpot's own 400, as a portal does.
    const scope = nock(HUBSPOT_API)
      .post(READ)
      .times(3)
      .reply(batchReadReply((id) => fixtureContact(id), bodies));

    expect(await run(batchId)).toEqual({ events: 120, duplicates: 0, contacts: 120, refused: 0 });

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((body) => body.inputs.length)).toEqual([50, 50, 20]);
    expect(bodies.every((body) => (body.propertiesWithHistory ?? []).length > 0)).toBe(true);
    const { rows } = await test.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM contacts WHERE contact_id::bigint BETWEEN 5000 AND 5119',
    );
    expect(rows[0]?.n).toBe(120);
    expect(await state(batchId)).toBe('done');
  });

  it('splits a batch read HubSpot refuses as a whole and reads every contact, dropping only those it reports missing', async () => {
    const events = Array.from({ length: 40 }, (_, index) => event(2000 + index, 6000 + index));
    const batchId = await store(events);
    const sizes: number[] = [];
    // A portal that (say) lowered its history cap to 16: every bigger call is refused whole.
    const scope = nock(HUBSPOT_API)
      .post(READ)
      .times(7)
      .reply(async (request: Request) => {
        const copy = request.clone();
        const body = JSON.parse(await request.text()) as BatchReadBody;
        sizes.push(body.inputs.length);
        if (body.inputs.length > 16) return [400, historyOver50];
        // 6039 was deleted in HubSpot: reported missing (207), so it alone may be dropped.
        return batchReadReply((id) => (id === '6039' ? undefined : fixtureContact(id)))(copy);
      });

    expect(await run(batchId)).toEqual({ events: 40, duplicates: 0, contacts: 40, refused: 0 });

    expect(scope.isDone()).toBe(true);
    expect(sizes).toEqual([40, 20, 10, 10, 20, 10, 10]);
    const { rows } = await test.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM contacts WHERE contact_id::bigint BETWEEN 6000 AND 6039',
    );
    expect(rows[0]?.n).toBe(39);
    expect(await state(batchId)).toBe('done');
  });

  it('reads contacts only for contact events: other objects are recorded as seen, not fetched', async () => {
    const batchId = await store([
      event(3, 201, { subscriptionType: 'company.propertyChange' }),
      event(4, 202, { subscriptionType: 'object.propertyChange', objectTypeId: '0-2' }),
      event(5, 203, { subscriptionType: 'contact.deletion' }),
    ]);
    // No nock scope: a CRM call would fail this batch.
    expect(await run(batchId)).toEqual({ events: 3, duplicates: 0, contacts: 0, refused: 0 });
    const { rows } = await test.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_events WHERE event_id IN ('3', '4', '5')",
    );
    expect(rows[0]?.n).toBe(3);
  });

  it('reads contacts for the generic object.* events of contacts (objectTypeId 0-1)', async () => {
    const batchId = await store([
      event(6, 101, { subscriptionType: 'object.propertyChange', objectTypeId: '0-1' }),
    ]);
    const bodies: { inputs: { id: string }[] }[] = [];
    const scope = nock(HUBSPOT_API)
      .post(READ, (body: { inputs: { id: string }[] }) => {
        bodies.push(body);
        return true;
      })
      .reply(200, batchRead);
    expect(await run(batchId)).toEqual({ events: 1, duplicates: 0, contacts: 1, refused: 0 });
    expect(scope.isDone()).toBe(true);
    expect(bodies[0]?.inputs).toEqual([{ id: '101' }]);
  });

  it('does nothing for an unknown batch', async () => {
    expect(await run(987_654)).toEqual({ events: 0, duplicates: 0, contacts: 0, refused: 0 });
  });
});
