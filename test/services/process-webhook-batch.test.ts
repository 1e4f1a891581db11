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
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API } from '../helpers/harness.ts';

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
    expect(await run(batchId)).toEqual({ events: 1, duplicates: 0, contacts: 1 });
    expect(ok.isDone()).toBe(true);
    expect(await state(batchId)).toBe('done');
  });

  it('skips contacts the CRM refuses as invalid instead of retrying forever', async () => {
    const batchId = await store([event(2, 102)]);
    const scope = nock(HUBSPOT_API).post(READ).reply(400, validation400);
    expect(await run(batchId)).toEqual({ events: 1, duplicates: 0, contacts: 1 });
    expect(scope.isDone()).toBe(true);
    expect(await state(batchId)).toBe('done');
    const { rows } = await test.db.query("SELECT 1 FROM contacts WHERE contact_id = '102'");
    expect(rows).toEqual([]);
  });

  it('reads contacts only for contact events: other objects are recorded as seen, not fetched', async () => {
    const batchId = await store([
      event(3, 201, { subscriptionType: 'company.propertyChange' }),
      event(4, 202, { subscriptionType: 'object.propertyChange', objectTypeId: '0-2' }),
      event(5, 203, { subscriptionType: 'contact.deletion' }),
    ]);
    // No nock scope: a CRM call would fail this batch.
    expect(await run(batchId)).toEqual({ events: 3, duplicates: 0, contacts: 0 });
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
    expect(await run(batchId)).toEqual({ events: 1, duplicates: 0, contacts: 1 });
    expect(scope.isDone()).toBe(true);
    expect(bodies[0]?.inputs).toEqual([{ id: '101' }]);
  });

  it('does nothing for an unknown batch', async () => {
    expect(await run(987_654)).toEqual({ events: 0, duplicates: 0, contacts: 0 });
  });
});
