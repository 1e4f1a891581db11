// Write-backs are parked, never dropped: a revoked token or answers we do not understand keep the
// values until HubSpot accepts calls again; /readyz says why meanwhile. Only a refusal of one
// contact's values is final. At the wire (nock), on both storages, on a fixed clock.
import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PARKED_PROBE_MS } from '../../src/domain/write-back-policy.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import type { FlushResult } from '../../src/services/flush-write-backs.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import {
  FakeClock,
  HUBSPOT_API,
  PORTAL_ID,
  createHarness,
  signedHeaders,
  hubspotRoute,
  outboxProperties,
} from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { seedContact } from '../helpers/scenario.ts';

const TOKEN = 'pat-na1-parked-test-token';
const fixture = async (name: string): Promise<object> =>
  JSON.parse(await readFile(new URL(`../fixtures/hubspot/${name}`, import.meta.url), 'utf8')) as object;
const unauthorized = await fixture('unauthorized-401.json');
const validation400 = await fixture('validation-400.json');
const owner = await fixture('owner.json');

interface BatchBody {
  inputs: { id: string; properties: Record<string, string> }[];
}

/** HubSpot's 200 to a batch update, echoing what was written. */
function updated(body: BatchBody) {
  const at = '2026-11-20T01:00:01.000Z';
  return {
    status: 'COMPLETE',
    results: body.inputs.map((input) => ({
      id: input.id,
      properties: { hs_object_id: input.id, ...input.properties },
      createdAt: at,
      updatedAt: at,
      archived: false,
    })),
    startedAt: at,
    completedAt: at,
  };
}

interface ReadyBody {
  status: string;
  connectors: { hubspot: string };
  connectorDetails: { hubspot: { state: string; lastError: { code: string; message: string } | null } };
  writeBacks: { pending: number; failed: number; parked: number };
}

describeEachStorage('parked write-backs', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  let seq = 8000;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock, env: { HUBSPOT_ACCESS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const crm = () => {
    if (!harness.core.hubspot) throw new Error('HubSpot is not configured');
    return harness.core.hubspot;
  };
  // The worker's flush: the observed connector, and the health that says when HubSpot last answered.
  const flush = (): Promise<FlushResult> =>
    flushWriteBacks({
      db: test.db,
      route: hubspotRoute(crm(), harness.core.definitions),
      now: clock.now,
      logger: harness.core.logger,
      answeredAt: () => harness.core.health.lastAnsweredAt('hubspot'),
    });
  const newVerdict = async (note: string) => {
    seq += 1;
    const contactId = String(seq);
    await seedContact(harness.core, contactId, { qualified: false });
    const outcome = await recordVerdict(
      { ...harness.core, crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        contactId,
        verdict: 'rejected',
        reasonCode: 'no-budget',
        note,
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
      },
    );
    if (outcome.kind !== 'recorded') throw new Error(outcome.kind);
    return { contactId, verdictId: outcome.verdict.id };
  };
  const row = async (contactId: string) => {
    const { rows } = await test.db.query<{ state: string; last_error_code: string }>(
      'SELECT state, last_error_code FROM write_backs WHERE contact_id = $1',
      [contactId],
    );
    const found = rows[0];
    return found && { ...found, properties: (await outboxProperties(harness.core, contactId)) ?? {} };
  };
  const verdictState = async (id: string) => {
    const { rows } = await test.db.query<{ write_back: string }>(
      'SELECT write_back FROM verdicts WHERE id = $1',
      [id],
    );
    return rows[0]?.write_back;
  };
  const ready = async (): Promise<ReadyBody> =>
    (await request(harness.app, 'GET', '/readyz')).json as ReadyBody;
  /** Writes whatever is due, answering 200; returns what HubSpot received. */
  const acceptWrites = async (): Promise<BatchBody[]> => {
    const sent: BatchBody[] = [];
    nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', (body: BatchBody) => {
        sent.push(body);
        return true;
      })
      .reply(200, () => updated(sent.at(-1) ?? { inputs: [] }));
    await flush();
    return sent;
  };

  it('parks the write on a revoked token with its values, says so in /readyz, and writes it once the token works again', async () => {
    const { contactId, verdictId } = await newVerdict('予算確保は来期');
    const before = await row(contactId);
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update').reply(401, unauthorized);

    expect(await flush()).toMatchObject({ claimed: 1, written: 0, parked: 1, failed: 0 });
    expect(await row(contactId)).toMatchObject({ state: 'parked', properties: before?.properties });
    expect(await verdictState(verdictId)).toBe('pending');
    const parked = await ready();
    expect(parked).toMatchObject({
      status: 'degraded',
      connectors: { hubspot: 'failing' },
      connectorDetails: { hubspot: { state: 'failing', lastError: { code: 'auth_revoked' } } },
      writeBacks: { parked: 1, failed: 0 },
    });
    expect(JSON.stringify(parked)).not.toContain(TOKEN);
    // Parked means no call until the probe is due or HubSpot answers something (no interceptor here).
    clock.advance(PARKED_PROBE_MS / 2);
    expect((await flush()).claimed).toBe(0);

    // The token is back: any call HubSpot answers (an owner lookup for the card) resumes the writes.
    nock(HUBSPOT_API).get('/crm/v3/owners/9586504').query({ idProperty: 'userId' }).reply(200, owner);
    expect((await crm().getOwnerByUserId('9586504')).ok).toBe(true);
    expect((await ready()).connectors.hubspot).toBe('ok');
    const sent = await acceptWrites();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.inputs).toEqual([{ id: contactId, properties: before?.properties }]);
    expect(sent[0]?.inputs[0]?.properties).toMatchObject({ sql_verdict_note: '予算確保は来期' });
    expect(await verdictState(verdictId)).toBe('written');
    expect((await ready()).writeBacks).toMatchObject({ pending: 0, parked: 0 });
  });

  it('probes a parked write on its own once a minute, one call for all of them, and writes when HubSpot accepts', async () => {
    const first = await newVerdict('first');
    const second = await newVerdict('second');
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update').reply(401, unauthorized);
    expect(await flush()).toMatchObject({ parked: 2 });
    // A verdict recorded while the token is refused waits parked with the others, uncalled.
    const third = await newVerdict('third');
    clock.advance(1_000);
    expect((await flush()).claimed).toBe(0);

    // The probe: still refused, one call, and every parked write waits another interval.
    clock.advance(PARKED_PROBE_MS);
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update').reply(401, unauthorized);
    expect(await flush()).toMatchObject({ claimed: 3, parked: 3 });
    clock.advance(PARKED_PROBE_MS / 2);
    expect((await flush()).claimed).toBe(0);

    clock.advance(PARKED_PROBE_MS);
    const sent = await acceptWrites();
    expect(
      sent.flatMap((body) => body.inputs.map((input) => input.properties['sql_verdict_note'])).sort(),
    ).toEqual(['first', 'second', 'third']);
    for (const { verdictId } of [first, second, third]) expect(await verdictState(verdictId)).toBe('written');
  });

  it('parks a write HubSpot keeps answering in a way we do not understand, after three tries, values intact', async () => {
    const { contactId, verdictId } = await newVerdict('unknown answers');
    const before = await row(contactId);
    // A 2xx that does not report our input: the outcome is unknown.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      nock(HUBSPOT_API)
        .post('/crm/v3/objects/contacts/batch/update')
        .reply(200, { status: 'COMPLETE', results: [], startedAt: clock.now(), completedAt: clock.now() });
      const result = await flush();
      expect(result).toMatchObject(attempt < 3 ? { retried: 1 } : { parked: 1 });
      clock.advance(10 * 60_000);
    }
    expect(await row(contactId)).toMatchObject({
      state: 'parked',
      last_error_code: 'unknown',
      properties: before?.properties,
    });
    expect(await verdictState(verdictId)).toBe('pending');
    // Those 200s were answers: the connector itself is fine, the parked write is what /readyz shows.
    expect(await ready()).toMatchObject({ status: 'degraded', writeBacks: { parked: 1 } });

    const sent = await acceptWrites();
    expect(sent[0]?.inputs).toEqual([{ id: contactId, properties: before?.properties }]);
    expect(await verdictState(verdictId)).toBe('written');
  });

  it('keeps a validation refusal final and visible on the card and in /readyz, even after later writes of the contact', async () => {
    const { contactId, verdictId } = await newVerdict('refused');
    nock(HUBSPOT_API).post('/crm/v3/objects/contacts/batch/update').reply(400, validation400);
    expect(await flush()).toMatchObject({ failed: 1, parked: 0 });
    expect(await verdictState(verdictId)).toBe('failed');

    // A later SLA status of the same contact goes through; the refused verdict stays refused.
    await test.db.query(
      `UPDATE write_backs SET changes = '{"slaStatus":"met"}', state = 'pending', version = version + 1,
              next_attempt_at = $2 WHERE contact_id = $1`,
      [contactId, clock.now()],
    );
    const sent = await acceptWrites();
    expect(sent[0]?.inputs).toEqual([{ id: contactId, properties: { mql_sla_status: 'met' } }]);
    expect(await verdictState(verdictId)).toBe('failed');

    const path = `/api/cards/lead?objectId=${contactId}&portalId=${PORTAL_ID}&userId=1&userEmail=rep%40example.com`;
    const card = await request(
      harness.app,
      'GET',
      path,
      '',
      signedHeaders('GET', path, '', clock.now().getTime()),
    );
    expect(card.json).toMatchObject({ verdict: { writeBack: 'failed' } });
    expect(await ready()).toMatchObject({ status: 'degraded', writeBacks: { failed: 1 } });
  });
});
