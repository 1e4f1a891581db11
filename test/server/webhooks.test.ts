import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedProperties } from '../../server/jobs/workers.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import type { ProcessBatchResult } from '../../src/services/process-webhook-batch.ts';
import batchReadFixture from '../fixtures/hubspot/batch-read-contacts.json' with { type: 'json' };
import historyOver50 from '../fixtures/hubspot/batch-read-history-over-50-400.json' with { type: 'json' };
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import {
  FakeClock,
  HUBSPOT_API,
  PORTAL_ID,
  createHarness,
  outboxProperties,
  signedHeaders,
} from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

// Fri 2026-11-20 10:00 JST. The qualifying contact's score reached 75 on Thu 11:00 JST (history),
// so its handoff is due Fri 11:00 JST: one business day later, and within the 2 h warning now.
const NOW = '2026-11-20T01:00:00.000Z';
const SCORE_AT = '2026-11-19T02:00:00.000Z';
const HANDOFF_DUE = '2026-11-20T02:00:00.000Z';

/** Per property, newest first: [value, ISO timestamp]. */
type ContactState = Record<string, [string, string][]>;

const QUALIFYING: ContactState = {
  industry: [
    ['COMPUTER_SOFTWARE', '2026-11-02T03:04:05.678Z'],
    ['RETAIL', '2026-10-28T08:15:22.310Z'],
  ],
  numemployees: [['50-100', '2026-10-28T08:15:22.310Z']],
  jobtitle: [['営業部長', '2026-10-28T08:15:22.310Z']],
  whitepaper_downloaded_at: [['2026-11-18', '2026-11-18T05:00:00.000Z']],
  hubspotscore: [
    ['75', SCORE_AT],
    ['40', '2026-11-02T03:04:05.678Z'],
  ],
  challenge: [['リード対応の遅れ', '2026-10-28T08:15:22.310Z']],
  email: [['taro@example.co.jp', '2026-10-28T08:15:22.310Z']],
};

const NOT_QUALIFYING: ContactState = {
  industry: [['RETAIL', '2026-10-28T08:15:22.310Z']],
  numemployees: [['10', '2026-10-28T08:15:22.310Z']],
};

/** A later change in the CRM: the new value goes on top of the property's history. */
function change(state: ContactState, property: string, value: string, at: string): void {
  state[property] = [[value, at], ...(state[property] ?? [])];
}

interface BatchReadBody {
  inputs: { id: string }[];
  properties: string[];
  propertiesWithHistory: string[];
}

const template = batchReadFixture.results[0];

// HubSpot's batch-read answer: every requested property present (null when unset), history for
// the ones asked with history, the shape of test/fixtures/hubspot/batch-read-contacts.json.
function batchReadAnswer(body: BatchReadBody, crm: ReadonlyMap<string, ContactState>) {
  const results = body.inputs.flatMap(({ id }) => {
    const state = crm.get(id);
    if (!state) return [];
    const properties: Record<string, string | null> = {
      createdate: template?.createdAt ?? null,
      hs_object_id: id,
      lastmodifieddate: '2026-11-20T00:59:00.000Z',
    };
    for (const name of body.properties) properties[name] = state[name]?.[0]?.[0] ?? null;
    const propertiesWithHistory: Record<string, object[]> = {};
    for (const name of body.propertiesWithHistory) {
      propertiesWithHistory[name] = (state[name] ?? []).map(([value, timestamp]) => ({
        value,
        timestamp,
        sourceType: 'CRM_UI',
        sourceId: 'userId:9586504',
        updatedByUserId: 9586504,
      }));
    }
    return [{ ...template, id, properties, propertiesWithHistory }];
  });
  return { ...batchReadFixture, results };
}

function nockBatchRead(crm: ReadonlyMap<string, ContactState>, calls: BatchReadBody[], times = 1) {
  return (
    nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/read', (body: BatchReadBody) => {
        calls.push(body);
        return true;
      })
      .times(times)
      // The body matcher has just captured this call's body (nock hands the reply no parsed body).
      // Like HubSpot, refuse a history read over 50 inputs with its real 400.
      .reply(() => {
        const body = calls.at(-1) ?? { inputs: [], properties: [], propertiesWithHistory: [] };
        if (body.propertiesWithHistory.length > 0 && body.inputs.length > 50) return [400, historyOver50];
        return [200, batchReadAnswer(body, crm)];
      })
  );
}

interface EventInput {
  eventId: number;
  objectId: number;
  occurredAt: string;
  propertyName?: string;
  propertyValue?: string;
  portalId?: number;
  subscriptionId?: number;
}

function hubspotEvent(input: EventInput) {
  return {
    eventId: input.eventId,
    subscriptionId: input.subscriptionId ?? 2_451_001,
    portalId: input.portalId ?? Number(PORTAL_ID),
    appId: 4242,
    occurredAt: Date.parse(input.occurredAt),
    subscriptionType: input.propertyName ? 'contact.propertyChange' : 'contact.creation',
    attemptNumber: 0,
    objectId: input.objectId,
    changeSource: 'CRM_UI',
    ...(input.propertyName
      ? { propertyName: input.propertyName, propertyValue: input.propertyValue ?? '' }
      : { changeFlag: 'NEW' }),
  };
}

function errorCode(json: unknown): string | undefined {
  return (json as { error?: { code?: string } } | null)?.error?.code;
}

describeEachStorage('POST /webhooks/hubspot', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);
  const crm = new Map<string, ContactState>();

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock, env: { HUBSPOT_ACCESS_TOKEN: 'pat-test' } });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  async function post(events: unknown) {
    const body = JSON.stringify(events);
    return request(
      harness.app,
      'POST',
      '/webhooks/hubspot',
      body,
      signedHeaders('POST', '/webhooks/hubspot', body, clock.now().getTime()),
    );
  }

  function process(batchId: number): Promise<ProcessBatchResult> {
    const core = harness.core;
    return processWebhookBatch(
      { ...core, crm: core.hubspot, propertiesToRead: trackedProperties(core) },
      batchId,
    );
  }

  async function deliver(
    events: unknown[],
    reads = 1,
  ): Promise<{ calls: BatchReadBody[]; result: ProcessBatchResult }> {
    const res = await post(events);
    expect(res.status).toBe(200);
    const calls: BatchReadBody[] = [];
    const scope = reads > 0 ? nockBatchRead(crm, calls, reads) : null;
    const result = await process((res.json as { batchId: number }).batchId);
    if (scope) expect(scope.isDone()).toBe(true);
    return { calls, result };
  }

  async function card(contactId: string) {
    const path = `/api/cards/lead?objectId=${contactId}&portalId=${PORTAL_ID}&userId=9&userEmail=rep%40example.com`;
    const res = await request(
      harness.app,
      'GET',
      path,
      '',
      signedHeaders('GET', path, '', clock.now().getTime()),
    );
    expect(res.status).toBe(200);
    return res.json as {
      definitionVersion: string;
      mql: {
        status: string;
        qualifiedAt: string | null;
        meetsNow: boolean;
        grounds: { conditionId: string; met: boolean; value: string | null; evidenceAt: string | null }[];
      };
      handoff: { dueAt: string | null; status: string; handedOffAt: string | null; ownerId: string | null };
      verdictDue: { dueAt: string | null; status: string };
    };
  }

  async function qualification(contactId: string) {
    const { rows } = await test.db.query<{
      definition_version: string;
      definition_hash: string;
      qualified_at: Date;
      grounds: { conditionId: string; met: boolean; value: string | null; evidenceAt: string | null }[];
    }>(
      'SELECT definition_version, definition_hash, qualified_at, grounds FROM qualifications WHERE contact_id = $1',
      [contactId],
    );
    return rows[0];
  }

  async function deadlines(contactId: string) {
    const { rows } = await test.db.query<{
      kind: string;
      started_at: Date;
      due_at: Date;
      met_at: Date | null;
    }>('SELECT kind, started_at, due_at, met_at FROM deadlines WHERE contact_id = $1 ORDER BY kind', [
      contactId,
    ]);
    return rows.map((row) => ({
      kind: row.kind,
      startedAt: row.started_at.toISOString(),
      dueAt: row.due_at.toISOString(),
      metAt: row.met_at?.toISOString() ?? null,
    }));
  }

  async function writeBack(contactId: string) {
    const { rows } = await test.db.query<{ version: string; state: string }>(
      'SELECT version, state FROM write_backs WHERE contact_id = $1',
      [contactId],
    );
    const row = rows[0];
    return row && { ...row, properties: (await outboxProperties(harness.core, contactId)) ?? {} };
  }

  /** Qualifies one contact through a webhook (its score change) and the batch read. */
  async function qualify(contactId: string, eventId: number) {
    const state = structuredClone(QUALIFYING);
    crm.set(contactId, state);
    await deliver([
      hubspotEvent({
        eventId,
        objectId: Number(contactId),
        occurredAt: '2026-11-20T00:59:00.000Z',
        propertyName: 'hubspotscore',
        propertyValue: '75',
      }),
    ]);
    return state;
  }

  it('stores a signed batch durably and answers 200 at once, before any CRM call', async () => {
    const events = [
      hubspotEvent({ eventId: 1, objectId: 101, occurredAt: '2026-11-20T00:58:00.000Z' }),
      hubspotEvent({
        eventId: 2,
        objectId: 101,
        occurredAt: '2026-11-20T00:59:00.000Z',
        propertyName: 'hubspotscore',
        propertyValue: '75',
      }),
    ];
    const started = performance.now();
    const res = await post(events);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(2_000);
    const { batchId, accepted } = res.json as { batchId: number; accepted: number };
    expect(accepted).toBe(2);
    const { rows } = await test.db.query<{ events: { eventId: number }[]; state: string }>(
      'SELECT events, state FROM webhook_batches WHERE id = $1',
      [batchId],
    );
    expect(rows[0]?.state).toBe('pending');
    expect(rows[0]?.events.map((event) => String(event.eventId))).toEqual(['1', '2']);
    expect(await qualification('101')).toBeUndefined();
  });

  it('batch-reads the touched contacts with history and freezes the qualification with its deadline', async () => {
    crm.set('101', structuredClone(QUALIFYING));
    const events = [
      hubspotEvent({
        eventId: 3,
        objectId: 101,
        occurredAt: '2026-11-20T00:59:30.000Z',
        propertyName: 'hubspotscore',
        propertyValue: '75',
      }),
    ];
    const { calls } = await deliver(events);
    const core = harness.core;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.inputs).toEqual([{ id: '101' }]);
    expect([...(calls[0]?.propertiesWithHistory ?? [])].sort()).toEqual(
      [...core.definitions.propertiesRead].sort(),
    );
    expect(calls[0]?.properties).toEqual(expect.arrayContaining([...core.definitions.propertiesRead]));

    const frozen = await qualification('101');
    expect(frozen?.definition_version).toBe('2026-11');
    expect(frozen?.definition_hash).toBe(core.definitions.hash);
    // When the score crossed 60 (history), not when the event or the processing happened.
    expect(frozen?.qualified_at.toISOString()).toBe(SCORE_AT);
    expect(frozen?.grounds).toHaveLength(7);
    expect(frozen?.grounds.find((g) => g.conditionId === 'industry')).toEqual({
      conditionId: 'industry',
      kind: 'attribute',
      label: 'ターゲット業種',
      met: true,
      property: 'industry',
      value: 'COMPUTER_SOFTWARE',
      evidenceAt: '2026-11-02T03:04:05.678Z',
    });
    expect(frozen?.grounds.find((g) => g.conditionId === 'score')).toMatchObject({
      met: true,
      value: '75',
      evidenceAt: SCORE_AT,
    });
    expect(frozen?.grounds.find((g) => g.conditionId === 'pricing')).toMatchObject({
      met: false,
      value: null,
    });

    expect(await deadlines('101')).toEqual([
      { kind: 'handoff', startedAt: SCORE_AT, dueAt: HANDOFF_DUE, metAt: null },
    ]);

    const outbox = await writeBack('101');
    expect(outbox?.state).toBe('pending');
    expect(outbox?.properties).toMatchObject({
      mql_definition_version: '2026-11',
      mql_qualified_at: SCORE_AT,
      mql_handoff_due_at: HANDOFF_DUE,
      mql_sla_status: 'due_soon',
    });
    expect(outbox?.properties['mql_grounds']).toContain(
      '✔ ターゲット業種 (industry = COMPUTER_SOFTWARE, 2026-11-02)',
    );
    expect(outbox?.properties['mql_grounds']?.split('\n')).toHaveLength(7);
  });

  it('reads 150 touched contacts in three calls of at most 50 (history), one per contact', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => 2_000 + i);
    for (const id of ids) crm.set(String(id), structuredClone(NOT_QUALIFYING));
    // Two events for each contact: still one read per contact.
    const events = ids.flatMap((id, i) => [
      hubspotEvent({
        eventId: 10_000 + 2 * i,
        objectId: id,
        occurredAt: '2026-11-20T00:50:00.000Z',
        propertyName: 'industry',
        propertyValue: 'RETAIL',
      }),
      hubspotEvent({
        eventId: 10_001 + 2 * i,
        objectId: id,
        occurredAt: '2026-11-20T00:51:00.000Z',
        propertyName: 'numemployees',
        propertyValue: '10',
      }),
    ]);
    const { calls, result } = await deliver(events, 3);
    expect(calls.map((call) => call.inputs.length)).toEqual([50, 50, 50]);
    expect(new Set(calls.flatMap((call) => call.inputs.map((input) => input.id))).size).toBe(150);
    expect(result).toEqual({ events: 300, duplicates: 0, contacts: 150, refused: 0 });
    const { rows } = await test.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM contacts WHERE contact_id LIKE '2___' AND evaluation->>'status' = 'not_mql'",
    );
    expect(rows[0]?.n).toBe(150);
  });

  it('ignores redelivered events: nothing changes and HubSpot is not called', async () => {
    await qualify('102', 20);
    const before = { q: await qualification('102'), wb: await writeBack('102'), d: await deadlines('102') };
    const redelivered = [
      {
        ...hubspotEvent({
          eventId: 20,
          objectId: 102,
          occurredAt: '2026-11-20T00:59:00.000Z',
          propertyName: 'hubspotscore',
          propertyValue: '75',
        }),
        attemptNumber: 1,
      },
    ];
    clock.advance(60_000);
    try {
      // No nock scope: a CRM call here would fail the processing.
      const { result } = await deliver(redelivered, 0);
      expect(result).toEqual({ events: 1, duplicates: 1, contacts: 0, refused: 0 });
    } finally {
      clock.set(NOW);
    }
    expect(await qualification('102')).toEqual(before.q);
    expect(await writeBack('102')).toEqual(before.wb);
    expect(await deadlines('102')).toEqual(before.d);
  });

  it('treats the same eventId under another subscription as a new event', async () => {
    crm.set('103', structuredClone(NOT_QUALIFYING));
    await deliver([
      hubspotEvent({
        eventId: 30,
        objectId: 103,
        occurredAt: '2026-11-20T00:40:00.000Z',
        propertyName: 'industry',
        propertyValue: 'RETAIL',
      }),
    ]);
    const { result } = await deliver([
      hubspotEvent({
        eventId: 30,
        subscriptionId: 2_451_002,
        objectId: 103,
        occurredAt: '2026-11-20T00:41:00.000Z',
        propertyName: 'numemployees',
        propertyValue: '10',
      }),
    ]);
    expect(result.duplicates).toBe(0);
  });

  it('processes the same stored batch twice without a second effect', async () => {
    crm.set('104', structuredClone(QUALIFYING));
    const res = await post([
      hubspotEvent({
        eventId: 40,
        objectId: 104,
        occurredAt: '2026-11-20T00:59:00.000Z',
        propertyName: 'hubspotscore',
        propertyValue: '75',
      }),
    ]);
    const batchId = (res.json as { batchId: number }).batchId;
    const scope = nockBatchRead(crm, []);
    await process(batchId);
    expect(scope.isDone()).toBe(true);
    const before = await writeBack('104');
    expect(await process(batchId)).toEqual({ events: 0, duplicates: 0, contacts: 0, refused: 0 });
    expect(await writeBack('104')).toEqual(before);
  });

  it('acknowledges events of another portal, drops them and counts them in /metrics', async () => {
    const foreign = [
      hubspotEvent({ eventId: 50, objectId: 105, occurredAt: '2026-11-20T00:59:00.000Z', portalId: 99_999 }),
      hubspotEvent({ eventId: 51, objectId: 106, occurredAt: '2026-11-20T00:59:00.000Z', portalId: 99_999 }),
    ];
    const onlyForeign = await post(foreign);
    expect(onlyForeign.status).toBe(200);
    expect(onlyForeign.json).toMatchObject({ accepted: 0, batchId: null });
    crm.set('107', structuredClone(NOT_QUALIFYING));
    const mixed = [
      hubspotEvent({ eventId: 52, objectId: 108, occurredAt: '2026-11-20T00:59:00.000Z', portalId: 99_999 }),
      hubspotEvent({ eventId: 53, objectId: 107, occurredAt: '2026-11-20T00:59:00.000Z' }),
    ];
    const { calls } = await deliver(mixed);
    expect(calls[0]?.inputs).toEqual([{ id: '107' }]);
    const { rows } = await test.db.query<{ contact_id: string }>(
      "SELECT contact_id FROM webhook_events WHERE contact_id IN ('105', '106', '107', '108') ORDER BY contact_id",
    );
    expect(rows.map((row) => row.contact_id)).toEqual(['107']);
    const metrics = await request(harness.app, 'GET', '/metrics');
    expect(metrics.text).toMatch(/^lead_handoff_webhook_events_total\{outcome="other_portal"\} 3$/m);
  });

  // A bad event inside a batch is refused alone (test/server/webhook-refusals.test.ts); these are
  // not batches at all.
  it.each([
    ['an object instead of an array', { eventId: 1 }],
    ['a string', 'events'],
    [
      'more than 1,000 events',
      Array.from({ length: 1_001 }, (_, i) =>
        hubspotEvent({ eventId: 900_000 + i, objectId: 1, occurredAt: '2026-11-20T00:59:00.000Z' }),
      ),
    ],
  ])('refuses %s with 400 invalid_request and stores nothing', async (_name, body) => {
    const { rows: before } = await test.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_batches',
    );
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(errorCode(res.json)).toBe('invalid_request');
    const { rows: after } = await test.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_batches',
    );
    expect(after[0]?.n).toBe(before[0]?.n);
    // The server keeps serving.
    expect((await request(harness.app, 'GET', '/healthz')).status).toBe(200);
  });

  it('detects the handoff when hubspot_owner_id appears and opens the verdict deadline', async () => {
    const state = await qualify('109', 90);
    const handedOffAt = '2026-11-20T00:30:00.000Z';
    change(state, 'hubspot_owner_id', '555', handedOffAt);
    await deliver([
      hubspotEvent({
        eventId: 91,
        objectId: 109,
        occurredAt: handedOffAt,
        propertyName: 'hubspot_owner_id',
        propertyValue: '555',
      }),
    ]);
    // Handed off Fri 09:30 JST; the verdict is due 2 business days later, skipping the weekend and
    // Mon 23 Nov (Labor Thanksgiving Day): Wed 09:30 JST.
    expect(await deadlines('109')).toEqual([
      { kind: 'handoff', startedAt: SCORE_AT, dueAt: HANDOFF_DUE, metAt: handedOffAt },
      { kind: 'verdict', startedAt: handedOffAt, dueAt: '2026-11-25T00:30:00.000Z', metAt: null },
    ]);
    const model = await card('109');
    expect(model.handoff).toMatchObject({ status: 'met', handedOffAt, ownerId: '555' });
    expect(model.verdictDue).toMatchObject({ status: 'on_track', dueAt: '2026-11-25T00:30:00.000Z' });
    expect((await writeBack('109'))?.properties['mql_sla_status']).toBe('on_track');
  });

  it('keeps the qualification of a contact that stops meeting the definition', async () => {
    const state = await qualify('110', 100);
    change(state, 'hubspotscore', '20', '2026-11-20T00:45:00.000Z');
    await deliver([
      hubspotEvent({
        eventId: 101,
        objectId: 110,
        occurredAt: '2026-11-20T00:45:00.000Z',
        propertyName: 'hubspotscore',
        propertyValue: '20',
      }),
    ]);
    const model = await card('110');
    expect(model.mql.status).toBe('mql');
    expect(model.mql.meetsNow).toBe(false);
    expect(model.definitionVersion).toBe('2026-11');
    expect(model.mql.qualifiedAt).toBe(SCORE_AT);
    expect(model.mql.grounds.find((g) => g.conditionId === 'score')).toMatchObject({
      met: true,
      value: '75',
    });
    expect(model.handoff.dueAt).toBe(HANDOFF_DUE);
  });

  it('freezes the grounds: later enrichment changes the live evaluation, not the qualification', async () => {
    const state = await qualify('111', 110);
    const frozen = await qualification('111');
    change(state, 'numemployees', '1000+', '2026-11-20T00:50:00.000Z');
    change(state, 'industry', 'MACHINERY', '2026-11-20T00:51:00.000Z');
    change(state, 'pricing_page_viewed_at', '2026-11-20', '2026-11-20T00:52:00.000Z');
    await deliver([
      hubspotEvent({
        eventId: 111,
        objectId: 111,
        occurredAt: '2026-11-20T00:50:00.000Z',
        propertyName: 'numemployees',
        propertyValue: '1000+',
      }),
      hubspotEvent({
        eventId: 112,
        objectId: 111,
        occurredAt: '2026-11-20T00:51:00.000Z',
        propertyName: 'industry',
        propertyValue: 'MACHINERY',
      }),
      hubspotEvent({
        eventId: 113,
        objectId: 111,
        occurredAt: '2026-11-20T00:52:00.000Z',
        propertyName: 'pricing_page_viewed_at',
        propertyValue: '2026-11-20',
      }),
    ]);
    expect(await qualification('111')).toEqual(frozen);
    const model = await card('111');
    expect(model.mql.grounds.find((g) => g.conditionId === 'company-size')).toMatchObject({
      value: '50-100',
    });
    expect(model.mql.grounds.find((g) => g.conditionId === 'industry')).toMatchObject({
      value: 'COMPUTER_SOFTWARE',
    });
    expect(model.mql.grounds.find((g) => g.conditionId === 'pricing')).toMatchObject({ met: false });
    expect(model.mql.meetsNow).toBe(true);
    const { rows } = await test.db.query<{ properties: Record<string, string> }>(
      "SELECT properties FROM contacts WHERE contact_id = '111'",
    );
    expect(rows[0]?.properties['numemployees']).toBe('1000+');
  });
});

describeEachStorage('POST /webhooks/hubspot without a HubSpot token', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  async function deliver(events: unknown[]) {
    const body = JSON.stringify(events);
    const res = await request(
      harness.app,
      'POST',
      '/webhooks/hubspot',
      body,
      signedHeaders('POST', '/webhooks/hubspot', body, clock.now().getTime()),
    );
    expect(res.status).toBe(200);
    const core = harness.core;
    return processWebhookBatch(
      { ...core, crm: null, propertiesToRead: trackedProperties(core) },
      (res.json as { batchId: number }).batchId,
    );
  }

  it('applies out-of-order events in the order they happened, across batches', async () => {
    // Within a batch: the older title arrives last, yet the newer one stays current.
    await deliver([
      hubspotEvent({
        eventId: 2,
        objectId: 301,
        occurredAt: '2026-11-19T03:00:00.000Z',
        propertyName: 'jobtitle',
        propertyValue: 'Sales Manager',
      }),
      hubspotEvent({
        eventId: 1,
        objectId: 301,
        occurredAt: '2026-11-19T02:00:00.000Z',
        propertyName: 'jobtitle',
        propertyValue: 'Staff',
      }),
    ]);
    // A later batch redelivers an even older change: it becomes history, not the current value.
    await deliver([
      hubspotEvent({
        eventId: 0,
        objectId: 301,
        occurredAt: '2026-11-18T02:00:00.000Z',
        propertyName: 'jobtitle',
        propertyValue: 'Intern',
      }),
    ]);
    const { rows } = await test.db.query<{
      properties: Record<string, string>;
      history: Record<string, { value: string }[]>;
    }>("SELECT properties, history FROM contacts WHERE contact_id = '301'");
    expect(rows[0]?.properties['jobtitle']).toBe('Sales Manager');
    expect(rows[0]?.history['jobtitle']?.map((entry) => entry.value)).toEqual([
      'Sales Manager',
      'Staff',
      'Intern',
    ]);
  });

  it('dates the qualification by the decisive event, not by processing time', async () => {
    const changes: [string, string, string][] = [
      ['industry', 'COMPUTER_SOFTWARE', '2026-11-19T01:00:00.000Z'],
      ['numemployees', '50-100', '2026-11-19T01:01:00.000Z'],
      ['jobtitle', '営業部長', '2026-11-19T01:02:00.000Z'],
      ['whitepaper_downloaded_at', '2026-11-18', '2026-11-19T01:03:00.000Z'],
      ['hubspotscore', '75', SCORE_AT],
    ];
    const events = changes.reverse().map(([propertyName, propertyValue, occurredAt], i) =>
      hubspotEvent({
        eventId: 400 + i,
        objectId: 302,
        occurredAt,
        propertyName,
        propertyValue,
      }),
    );
    await deliver(events);
    const { rows } = await test.db.query<{ qualified_at: Date }>(
      "SELECT qualified_at FROM qualifications WHERE contact_id = '302'",
    );
    expect(rows[0]?.qualified_at.toISOString()).toBe(SCORE_AT);
  });
});
