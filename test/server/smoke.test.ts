import { afterAll, beforeAll, expect, it } from 'vitest';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { trackedProperties } from '../../server/jobs/workers.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

describeEachStorage('smoke: webhook to card to verdict without a HubSpot token', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  it('qualifies a contact from webhook events and serves its card', async () => {
    const t = Date.parse('2026-11-19T02:00:00.000Z');
    const events = [
      ['industry', 'COMPUTER_SOFTWARE'],
      ['numemployees', '50-100'],
      ['jobtitle', '営業部長'],
      ['whitepaper_downloaded_at', '2026-11-18'],
      ['hubspotscore', '75'],
    ].map(([propertyName, propertyValue], i) => ({
      eventId: 100 + i,
      subscriptionId: 7,
      portalId: Number(PORTAL_ID),
      occurredAt: t + i * 1000,
      subscriptionType: 'contact.propertyChange',
      objectId: 501,
      propertyName,
      propertyValue,
    }));
    const body = JSON.stringify(events);
    const res = await request(
      harness.app,
      'POST',
      '/webhooks/hubspot',
      body,
      signedHeaders('POST', '/webhooks/hubspot', body, clock.now().getTime()),
    );
    expect(res.status).toBe(200);
    const batchId = (res.json as { batchId: number }).batchId;
    const core = harness.core;
    await processWebhookBatch({ ...core, crm: null, propertiesToRead: trackedProperties(core) }, batchId);
    const path = `/api/cards/lead?objectId=501&portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`;
    const card = await request(
      harness.app,
      'GET',
      path,
      '',
      signedHeaders('GET', path, '', clock.now().getTime()),
    );
    expect(card.status).toBe(200);
    const model = card.json as {
      mql: { status: string; grounds: { met: boolean }[] };
      handoff: { status: string };
    };
    expect(model.mql.status).toBe('mql');
    expect(model.mql.grounds).toHaveLength(7);
    // Qualified Thu 11:00 JST, due Fri 11:00 JST; at Fri 10:00 JST it is inside the 2 h warning.
    expect(model.handoff.status).toBe('due_soon');
    const verdictBody = JSON.stringify({
      contactId: '501',
      verdict: 'rejected',
      reasonCode: 'no-budget',
      idempotencyKey: 'k1',
    });
    const verdict = await request(
      harness.app,
      'POST',
      `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`,
      verdictBody,
      signedHeaders(
        'POST',
        `/api/verdicts?portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`,
        verdictBody,
        clock.now().getTime(),
      ),
    );
    expect(verdict.status).toBe(201);
    expect(verdict.json).toMatchObject({
      verdict: 'rejected',
      decidedBy: 'rep@example.com',
      writeBack: 'pending',
    });
  });
});
