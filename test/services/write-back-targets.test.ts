// The outbox per (portal, target): every change is queued once per CRM, each CRM's rows go through
// its own connector only, a Lead not linked yet keeps its change, and a final refusal is recorded
// and never sent again. HubSpot at nock, Salesforce as the local fake (bench/fake-salesforce.ts).
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { FakeSalesforce } from '../../bench/fake-salesforce.ts';
import { createHubSpotConnector } from '../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../../src/connectors/hubspot/portal-rate-limiter.ts';
import type { WriteBackRoute, WriteBackTarget } from '../../src/ports/crm-write-back.ts';
import { UNLINKED_RECHECK_MS, flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import type { FlushResult } from '../../src/services/flush-write-backs.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import type { VerdictCommand } from '../../src/services/record-verdict.ts';
import { countWriteBacks } from '../../src/storage/write-back-repository.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, PORTAL_ID, createHarness, hubspotRoute } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { startSalesforceRoute } from '../helpers/salesforce-route.ts';
import { seedContact } from '../helpers/scenario.ts';

const BOTH: readonly WriteBackTarget[] = ['hubspot', 'salesforce'];

interface BatchBody {
  inputs: { id: string; properties: Record<string, string> }[];
}

describeEachStorage('write-back per portal and target', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let fake: FakeSalesforce;
  let salesforce: WriteBackRoute;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  let seq = 5000;
  const hubspot = createHubSpotConnector({
    accessToken: 'pat-na1-test-token',
    portalId: PORTAL_ID,
    baseUrl: HUBSPOT_API,
    limiter: createRateLimiter({ now: () => clock.now().getTime(), sleep: () => Promise.resolve() }),
    now: () => clock.now().getTime(),
  });

  const deps = () => ({ ...harness.core, writeBackTargets: BOTH });
  const flush = (route: WriteBackRoute): Promise<FlushResult> =>
    flushWriteBacks({ db: test.db, route, now: clock.now, logger: harness.core.logger });
  const hubspotWrites = (bodies: BatchBody[]) =>
    nock(HUBSPOT_API)
      .post('/crm/v3/objects/contacts/batch/update', (body: BatchBody) => {
        bodies.push(body);
        return true;
      })
      // nock hands the parsed body to the matcher; the reply echoes the last body it saw.
      .reply(200, () => ({
        status: 'COMPLETE',
        results: (bodies.at(-1)?.inputs ?? []).map((input) => ({
          id: input.id,
          properties: { hs_object_id: input.id, ...input.properties },
          createdAt: '2026-10-01T00:00:00.000Z',
          updatedAt: '2026-11-20T01:00:00.000Z',
          archived: false,
        })),
        startedAt: '2026-11-20T01:00:00.000Z',
        completedAt: '2026-11-20T01:00:00.100Z',
      }));
  const verdict = (command: Partial<VerdictCommand> & { contactId: string }) =>
    recordVerdict(
      { ...deps(), crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        verdict: 'rejected',
        reasonCode: 'no-budget',
        note: '予算は来期',
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
        ...command,
      },
    );
  const newContact = async (): Promise<string> => {
    seq += 1;
    const id = String(seq);
    await seedContact({ ...deps() }, id, { ownerId: '41629779' });
    return id;
  };
  const rows = async (contactId: string) =>
    (
      await test.db.query<{
        target: string;
        portal_id: string;
        state: string;
        changes: Record<string, unknown>;
      }>('SELECT target, portal_id, state, changes FROM write_backs WHERE contact_id = $1 ORDER BY target', [
        contactId,
      ])
    ).rows;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    ({ fake, route: salesforce } = await startSalesforceRoute(harness.core.definitions, clock));
  });
  beforeEach(async () => {
    clock.advance(3_600_000);
    // Each case starts from an empty outbox (the cases' clock moves past earlier rows' re-checks).
    await test.db.query('DELETE FROM write_backs');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    await fake.close();
    await harness.stop();
    await test.close();
  });

  it('queues one row per target and writes each through its own connector only', async () => {
    const id = await newContact();
    const lead = fake.save('Lead', { LastName: '山田', Company: '例株式会社', HubSpot_Contact_Id__c: id });
    await verdict({ contactId: id });
    expect((await rows(id)).map((r) => r.target)).toEqual(['hubspot', 'salesforce']);

    // The HubSpot flush takes the HubSpot row alone: Salesforce gets no request from it.
    fake.resetCalls();
    const bodies: BatchBody[] = [];
    const scope = hubspotWrites(bodies);
    expect(await flush(hubspotRoute(hubspot, harness.core.definitions))).toMatchObject({ written: 1 });
    expect(scope.isDone()).toBe(true);
    expect(bodies[0]?.inputs[0]?.properties).toMatchObject({
      sql_verdict: 'rejected',
      sql_verdict_note: '予算は来期',
    });
    expect(fake.calls.collections).toBe(0);
    expect((await rows(id)).map((r) => r.state)).toEqual(['written', 'pending']);

    // The Salesforce flush writes the Lead's fields, and nothing reaches HubSpot.
    expect(await flush(salesforce)).toMatchObject({ claimed: 1, written: 1 });
    expect(fake.collectionSizes.at(-1)).toBe(1);
    expect(fake.get('Lead', lead)).toMatchObject({
      SQL_Verdict__c: 'rejected',
      SQL_Verdict_Reason__c: 'no-budget',
      SQL_Verdict_Note__c: '予算は来期',
      SQL_Verdict_By__c: 'rep@example.com',
    });
    expect((await rows(id)).map((r) => r.state)).toEqual(['written', 'written']);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("never sends one portal's rows through another portal's connector", async () => {
    const mine = await newContact();
    await verdict({ contactId: mine });
    // Another portal's change, queued in the same store.
    await test.db.query(
      `INSERT INTO write_backs (portal_id, contact_id, target, properties, changes, next_attempt_at, updated_at)
       VALUES ('99999', $1, 'hubspot', '{}', '{"slaStatus":"breached"}', $2, $2)`,
      [mine, clock.now()],
    );
    const bodies: BatchBody[] = [];
    hubspotWrites(bodies);
    expect(await flush(hubspotRoute(hubspot, harness.core.definitions))).toMatchObject({ claimed: 1 });
    expect(bodies.flatMap((b) => b.inputs)).toHaveLength(1);
    const other = await test.db.query<{ state: string }>(
      `SELECT state FROM write_backs WHERE portal_id = '99999' AND contact_id = $1`,
      [mine],
    );
    expect(other.rows[0]?.state).toBe('pending');
    await test.db.query(`DELETE FROM write_backs WHERE portal_id = '99999'`);
  });

  it('keeps an unlinked change, and sends it merged with the next change once a Lead holds the contact', async () => {
    const id = await newContact();
    await verdict({ contactId: id, verdict: 'accepted', reasonCode: 'budget-confirmed', note: null });
    expect(await flush(salesforce)).toMatchObject({ claimed: 1, unlinked: 1, written: 0, failed: 0 });
    const [, row] = await rows(id);
    expect(row).toMatchObject({ state: 'unlinked', changes: { verdict: { verdict: 'accepted' } } });
    // Not tried again before the re-check, and not counted as owed-and-failing.
    clock.advance(60_000);
    expect((await flush(salesforce)).claimed).toBe(0);
    expect(await countWriteBacks(test.db)).toMatchObject({ failed: 0, parked: 0, unlinked: 1 });

    // HubSpot's connector creates the Lead; the contact's next change goes at once, merged with the
    // qualification still owed.
    const lead = fake.save('Lead', { LastName: '佐藤', Company: '例株式会社', HubSpot_Contact_Id__c: id });
    await verdict({ contactId: id, verdict: 'recycled', reasonCode: 'bad-timing', note: null });
    expect(await flush(salesforce)).toMatchObject({ written: 1 });
    expect(fake.get('Lead', lead)).toMatchObject({
      SQL_Verdict__c: 'recycled',
      MQL_Definition_Version__c: harness.core.definitions.version,
      MQL_SLA_Status__c: 'met',
    });
  });

  it("finds the Lead HubSpot's own connector named (salesforceleadid) and fills its link field", async () => {
    const id = await newContact();
    // A Lead created by HubSpot's Salesforce connector: our link field is still empty.
    const lead = fake.save('Lead', { LastName: '伊藤', Company: '例株式会社' });
    await test.db.query(
      `UPDATE contacts SET properties = properties || jsonb_build_object('salesforceleadid', $2::text)
        WHERE contact_id = $1`,
      [id, lead],
    );
    await verdict({ contactId: id });
    expect(await flush(salesforce)).toMatchObject({ written: 1 });
    expect(fake.get('Lead', lead)).toMatchObject({ HubSpot_Contact_Id__c: id, SQL_Verdict__c: 'rejected' });
  });

  it('re-checks an unlinked change on its own after UNLINKED_RECHECK_MS', async () => {
    const id = await newContact();
    await verdict({ contactId: id });
    expect(await flush(salesforce)).toMatchObject({ unlinked: 1 });
    const lead = fake.save('Lead', { LastName: '鈴木', Company: '例株式会社', HubSpot_Contact_Id__c: id });
    clock.advance(UNLINKED_RECHECK_MS);
    expect(await flush(salesforce)).toMatchObject({ written: 1 });
    expect(fake.get('Lead', lead)).toMatchObject({ SQL_Verdict__c: 'rejected' });
  });

  it('records a converted Lead as a final failure, visible, and never sends it again', async () => {
    const id = await newContact();
    const lead = fake.save('Lead', { LastName: '高橋', Company: '例株式会社', HubSpot_Contact_Id__c: id });
    fake.save('Lead', { Id: lead, IsConverted: true });
    await verdict({ contactId: id });
    const before = (await countWriteBacks(test.db)).failed;
    fake.resetCalls();
    expect(await flush(salesforce)).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
    const failed = await test.db.query<{ state: string; last_error: string }>(
      `SELECT state, last_error FROM write_backs WHERE contact_id = $1 AND target = 'salesforce'`,
      [id],
    );
    expect(failed.rows[0]?.state).toBe('failed');
    expect(failed.rows[0]?.last_error).toMatch(/converted/i);
    expect((await countWriteBacks(test.db)).failed).toBe(before + 1);
    const calls = { ...fake.calls };
    clock.advance(24 * 3_600_000);
    expect((await flush(salesforce)).claimed).toBe(0);
    expect(fake.calls).toEqual(calls);
    expect(fake.get('Lead', lead)?.['SQL_Verdict__c']).toBeUndefined();
  });

  it('sends a row queued before the outbox kept changes in our words, in the HubSpot words it was queued in', async () => {
    const id = await newContact();
    await test.db.query('DELETE FROM write_backs WHERE contact_id = $1', [id]);
    await test.db.query(
      `INSERT INTO write_backs (portal_id, contact_id, target, properties, next_attempt_at, updated_at)
       VALUES ($1, $2, 'hubspot', '{"mql_sla_status":"breached"}', $3, $3)`,
      [PORTAL_ID, id, clock.now()],
    );
    const bodies: BatchBody[] = [];
    hubspotWrites(bodies);
    expect(await flush(hubspotRoute(hubspot, harness.core.definitions))).toMatchObject({ written: 1 });
    expect(bodies[0]?.inputs).toEqual([{ id, properties: { mql_sla_status: 'breached' } }]);
  });
});
