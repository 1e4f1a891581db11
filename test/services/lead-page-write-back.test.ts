// The Salesforce Lead page's fields are queued with every qualification, verdict and SLA status
// change: the details document (grounds, both deadlines, shared information) and the verdict
// deadline, read from the store in the transaction that queues the change. HubSpot's rows never
// carry them. Salesforce as the local fake (bench/fake-salesforce.ts).
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { FakeSalesforce } from '../../bench/fake-salesforce.ts';
import type { CrmChanges } from '../../src/domain/crm-changes.ts';
import type { LeadPageDetails } from '../../src/domain/lead-page-details.ts';
import type { WriteBackRoute, WriteBackTarget } from '../../src/ports/crm-write-back.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { startSalesforceRoute } from '../helpers/salesforce-route.ts';
import { QUALIFYING_PROPERTIES, seedContact } from '../helpers/scenario.ts';

const BOTH: readonly WriteBackTarget[] = ['hubspot', 'salesforce'];

describeEachStorage('Lead page fields in the write-back', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let fake: FakeSalesforce;
  let salesforce: WriteBackRoute;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');
  let seq = 7000;

  const deps = (targets: readonly WriteBackTarget[]) => ({ ...harness.core, writeBackTargets: targets });
  const pending = async (contactId: string) => {
    const { rows } = await test.db.query<{ target: string; changes: CrmChanges }>(
      'SELECT target, changes FROM write_backs WHERE contact_id = $1 ORDER BY target',
      [contactId],
    );
    return Object.fromEntries(rows.map((r) => [r.target, r.changes]));
  };
  const verdict = (targets: readonly WriteBackTarget[], contactId: string) =>
    recordVerdict(
      { ...deps(targets), crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        contactId,
        verdict: 'accepted',
        reasonCode: 'budget-confirmed',
        note: null,
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
      },
    );
  const sweep = (targets: readonly WriteBackTarget[]) =>
    sweepSla({ ...deps(targets), channels: harness.core.channelAvailability });
  const flush = () =>
    flushWriteBacks({ db: test.db, route: salesforce, now: clock.now, logger: harness.core.logger });

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    ({ fake, route: salesforce } = await startSalesforceRoute(harness.core.definitions, clock));
  });
  beforeEach(async () => {
    clock.advance(3_600_000);
    seq += 1;
    await test.db.query('DELETE FROM write_backs');
    // Open deadlines of earlier cases would be swept (and queued) along with this case's.
    await test.db.query('DELETE FROM deadlines');
  });
  afterAll(async () => {
    await fake.close();
    await harness.stop();
    await test.close();
  });

  it('queues the details and the verdict deadline for Salesforce on qualification, handoff, SLA status and verdict', async () => {
    const id = String(seq);
    const lead = fake.save('Lead', { LastName: '山田', Company: '例株式会社', HubSpot_Contact_Id__c: id });

    // Qualification: the grounds, the handoff deadline open, the verdict deadline not started.
    const qualifiedAt = clock.now();
    await seedContact(deps(BOTH), id);
    let rows = await pending(id);
    expect(rows['hubspot']).toBeDefined();
    expect(rows['hubspot']).not.toHaveProperty('leadPage');
    expect(rows['hubspot']).not.toHaveProperty('verdictDueAt');
    const qualified = rows['salesforce']?.leadPage;
    expect(qualified).toMatchObject({
      definitionVersion: harness.core.definitions.version,
      status: 'mql',
      qualifiedAt: qualifiedAt.toISOString(),
      handoff: { status: 'on_track', metAt: null },
      verdictDue: { status: 'not_started', dueAt: null, warnAt: null, metAt: null },
      shared: {
        industry: QUALIFYING_PROPERTIES['industry'],
        challenge: null,
        productInterest: null,
      },
    });
    expect(qualified?.grounds.length).toBeGreaterThan(0);
    expect(qualified?.grounds.find((g) => g.property === 'jobtitle')).toMatchObject({
      met: true,
      value: '営業部長',
    });
    expect(qualified?.handoff.dueAt).toBe(rows['salesforce']?.qualification?.handoffDueAt);
    expect(qualified?.handoff.warnAt).not.toBeNull();
    expect(rows['salesforce']?.verdictDueAt).toBeNull();

    // Handoff: the handoff deadline met, the verdict deadline open and due.
    clock.advance(60_000);
    await seedContact(deps(BOTH), id, { ownerId: '41629779', changedAt: clock.now() });
    rows = await pending(id);
    const handedOff = rows['salesforce']?.leadPage;
    expect(handedOff?.handoff).toMatchObject({ status: 'met', metAt: clock.now().toISOString() });
    expect(handedOff?.verdictDue).toMatchObject({ status: 'on_track', metAt: null });
    const verdictDueAt = handedOff?.verdictDue.dueAt;
    const warnAt = handedOff?.verdictDue.warnAt;
    if (!verdictDueAt || !warnAt) throw new Error('the verdict deadline has no times');
    expect(rows['salesforce']?.verdictDueAt).toBe(verdictDueAt);
    expect(rows['hubspot']).not.toHaveProperty('leadPage');

    // SLA status: the sweep moves the verdict deadline to due soon, and the page's status with it.
    clock.set(new Date(new Date(warnAt).getTime() + 1));
    await sweep(BOTH);
    rows = await pending(id);
    expect(rows['salesforce']?.slaStatus).toBe('due_soon');
    expect(rows['salesforce']?.leadPage?.verdictDue).toMatchObject({
      status: 'due_soon',
      dueAt: verdictDueAt,
    });
    expect(rows['hubspot']).toMatchObject({ slaStatus: 'due_soon' });
    expect(rows['hubspot']).not.toHaveProperty('leadPage');

    // What reaches the Lead: the JSON document and the verdict deadline.
    expect(await flush()).toMatchObject({ written: 1 });
    const written = fake.get('Lead', lead);
    const details = JSON.parse(String(written?.['MQL_Handoff_Details__c'])) as LeadPageDetails;
    expect(details).toMatchObject({
      format: 1,
      mql: { status: 'mql', qualifiedAt: qualifiedAt.toISOString() },
      handoff: { status: 'met' },
      verdictDue: { status: 'due_soon', dueAt: verdictDueAt, warnAt },
      shared: { industry: QUALIFYING_PROPERTIES['industry'] },
    });
    expect(details.mql.grounds.map((g) => g.conditionId)).toEqual(
      qualified?.grounds.map((g) => g.conditionId),
    );
    expect(new Date(String(written?.['SQL_Verdict_Due_At__c'])).toISOString()).toBe(verdictDueAt);

    // Verdict: the verdict deadline met, no verdict due any more.
    clock.advance(60_000);
    await verdict(BOTH, id);
    rows = await pending(id);
    expect(rows['salesforce']?.leadPage?.verdictDue).toMatchObject({
      status: 'met',
      dueAt: verdictDueAt,
      metAt: clock.now().toISOString(),
    });
    expect(rows['salesforce']?.verdictDueAt).toBeNull();
    expect(rows['hubspot']).not.toHaveProperty('leadPage');
  });

  it('refreshes the page of a Lead whose verdict was made in Salesforce, without writing the verdict back there', async () => {
    const id = String(seq);
    await seedContact(deps(BOTH), id, { ownerId: '41629779' });
    await test.db.query('DELETE FROM write_backs');
    await recordVerdict(
      { ...deps(BOTH), crmAdmin: null, onWriteBackQueued: () => undefined },
      {
        portalId: PORTAL_ID,
        contactId: id,
        verdict: 'rejected',
        reasonCode: 'no-budget',
        note: null,
        idempotencyKey: null,
        userId: null,
        userEmail: 'rep@example.com',
        madeIn: 'salesforce',
      },
    );
    const rows = await pending(id);
    expect(rows['salesforce']).not.toHaveProperty('verdict');
    expect(rows['salesforce']).toMatchObject({
      slaStatus: 'met',
      verdictDueAt: null,
      leadPage: { verdictDue: { status: 'met', metAt: clock.now().toISOString() } },
    });
    expect(rows['hubspot']).toHaveProperty('verdict');
    expect(rows['hubspot']).not.toHaveProperty('leadPage');
  });

  it('queues no Lead page parts when HubSpot is the only target', async () => {
    const id = String(seq);
    await seedContact(deps(['hubspot']), id);
    clock.advance(60_000);
    await seedContact(deps(['hubspot']), id, { ownerId: '41629779', changedAt: clock.now() });
    const { rows } = await test.db.query<{ warn_at: Date }>(
      `SELECT warn_at FROM deadlines WHERE contact_id = $1 AND kind = 'verdict'`,
      [id],
    );
    const warnAt = rows[0]?.warn_at;
    if (!warnAt) throw new Error('no verdict deadline');
    clock.set(new Date(warnAt.getTime() + 1));
    await sweep(['hubspot']);
    expect((await pending(id))['hubspot']).toMatchObject({ slaStatus: 'due_soon' });
    await verdict(['hubspot'], id);
    const changes = await pending(id);
    expect(Object.keys(changes)).toEqual(['hubspot']);
    expect(changes['hubspot']).toHaveProperty('verdict');
    expect(changes['hubspot']).not.toHaveProperty('leadPage');
    expect(changes['hubspot']).not.toHaveProperty('verdictDueAt');
  });
});
