// Salesforce wired into the running backend, against the local fake Salesforce (it refuses what
// Salesforce refuses: unknown fields, >200 records a call, a retired refresh token) and HubSpot at
// nock: the connector observed in /readyz and /metrics, a rotated refresh token kept for the next
// boot, a rep's verdict on the Lead becoming the product's and reaching HubSpot, our own writes
// never coming back, refused reason codes visible, conversions feeding crm_opportunities.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSalesforce } from '../../bench/fake-salesforce.ts';
import type { FakeSalesforce } from '../../bench/fake-salesforce.ts';
import { checkConnectorsAtBoot } from '../../server/boot-checks.ts';
import { trackedProperties } from '../../server/jobs/tracked-properties.ts';
import type { SalesforceDescribe } from '../../src/connectors/salesforce/salesforce-types.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import { pollSalesSource } from '../../src/services/poll-sales-source.ts';
import type { SalesPollResult } from '../../src/services/poll-sales-source.ts';
import { recordVerdict } from '../../src/services/record-verdict.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { json } from '../connectors/salesforce/rest-fixtures.ts';
import { createTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, HUBSPOT_API, PORTAL_ID, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';
import { seedContact } from '../helpers/scenario.ts';

const SF_TOKEN = 'fake-sf-access-token';
const REP = { id: '0055g00000WiRepAAA', email: 'sato@example.co.jp' };
const describeLead = (): SalesforceDescribe => json<SalesforceDescribe>('lead-describe.json');

interface BatchBody {
  inputs: { id: string; properties: Record<string, string> }[];
}

function hubspotWrites(bodies: BatchBody[]): nock.Scope {
  return nock(HUBSPOT_API)
    .persist()
    .post('/crm/v3/objects/contacts/batch/update', (body: BatchBody) => {
      bodies.push(body);
      return true;
    })
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
}

describe('Salesforce in the running backend', () => {
  let test: TestDatabase;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');

  beforeAll(async () => {
    test = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await test.close();
  });
  afterEach(() => {
    nock.cleanAll();
  });

  describe('with an access token', () => {
    let fake: FakeSalesforce;
    let harness: Harness;
    let seq = 7000;
    const poll = (): Promise<SalesPollResult> => {
      const core = harness.core;
      if (!core.salesforce) throw new Error('Salesforce is not wired');
      return pollSalesSource(
        {
          ...core,
          source: core.salesforce.source,
          cursors: createSyncCursorRepository(core.db),
          onWriteBackQueued: () => undefined,
        },
        PORTAL_ID,
      );
    };
    /** What the write-back loop does: every (portal, target) route of the registry, once. */
    const flushAll = async () => {
      const results: Record<string, { written: number; claimed: number }> = {};
      for (const route of await harness.core.registry.routes()) {
        results[route.target] = await flushWriteBacks({
          db: test.db,
          route,
          now: clock.now,
          logger: harness.core.logger,
        });
      }
      return results;
    };
    const verdictCount = async (contactId: string) =>
      (
        await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM verdicts WHERE contact_id = $1', [
          contactId,
        ])
      ).rows[0]?.n;
    const newLinkedContact = async () => {
      seq += 1;
      const contactId = String(seq);
      await seedContact(harness.core, contactId, { ownerId: '41629779' });
      const leadId = fake.save('Lead', {
        LastName: '田中',
        Company: '例株式会社',
        HubSpot_Contact_Id__c: contactId,
      });
      return { contactId, leadId };
    };

    beforeAll(async () => {
      fake = await startFakeSalesforce({
        describe: describeLead(),
        accessToken: SF_TOKEN,
        now: () => clock.now().getTime(),
      });
      harness = await createHarness({
        db: test.db,
        clock,
        env: {
          HUBSPOT_ACCESS_TOKEN: 'pat-test',
          SALESFORCE_INSTANCE_URL: fake.url,
          SALESFORCE_ACCESS_TOKEN: SF_TOKEN,
        },
      });
    });
    beforeEach(() => {
      clock.advance(600_000);
    });
    afterAll(async () => {
      await harness.stop();
      await fake.close();
    });

    it('queues every change for both CRMs and reports the connector observed in /readyz and /metrics', async () => {
      expect(harness.core.writeBackTargets).toEqual(['hubspot', 'salesforce']);
      // Contacts are read with the Lead id HubSpot's own Salesforce connector records.
      expect(trackedProperties(harness.core)).toContain('salesforceleadid');
      const before = await request(harness.app, 'GET', '/readyz');
      expect(before.json).toMatchObject({ connectors: { salesforce: 'unchecked' } });
      await checkConnectorsAtBoot(harness.core);
      const ready = await request(harness.app, 'GET', '/readyz');
      expect(ready.json).toMatchObject({
        connectors: { salesforce: 'ok' },
        salesforce: { state: 'ok', fieldsChecked: true, fieldProblems: [], paused: null },
      });
      const metrics = await request(harness.app, 'GET', '/metrics');
      expect(metrics.text).toMatch(/lead_handoff_salesforce_api_usage\{kind="used"\} [1-9]/);
      expect(metrics.text).toMatch(/lead_handoff_salesforce_api_usage\{kind="limit"\} \d+/);
      expect(metrics.text).toMatch(
        /lead_handoff_crm_calls_total\{provider="salesforce",outcome="ok"\} [1-9]/,
      );
    });

    it("makes a rep's verdict on the Lead the product's, writes it to HubSpot, and never back to Salesforce", async () => {
      const { contactId, leadId } = await newLinkedContact();
      await flushAll();
      clock.advance(60_000);
      // The rep decides on the Lead page in Salesforce.
      fake.save('Lead', { Id: leadId, SQL_Verdict__c: 'rejected', SQL_Verdict_Reason__c: 'no-budget' }, REP);
      const lastModified = new Date(
        String(fake.get('Lead', leadId)?.['LastModifiedDate']).replace(/\+0000$/, 'Z'),
      );
      clock.advance(60_000);
      expect(await poll()).toMatchObject({ verdicts: 1, refused: 0, error: null });
      const { rows } = await test.db.query<{ verdict: string; decided_by: string; decided_at: Date }>(
        'SELECT verdict, decided_by, decided_at FROM verdicts WHERE contact_id = $1',
        [contactId],
      );
      expect(rows).toEqual([{ verdict: 'rejected', decided_by: REP.email, decided_at: lastModified }]);
      const deadline = await test.db.query<{ met_at: Date | null }>(
        `SELECT met_at FROM deadlines WHERE contact_id = $1 AND kind = 'verdict'`,
        [contactId],
      );
      // The owner was set at qualification: the verdict deadline was open, and the verdict met it.
      expect(deadline.rows).toEqual([{ met_at: lastModified }]);
      // HubSpot gets the verdict like a card verdict; Salesforce only the SLA status.
      const sf = await test.db.query<{ changes: Record<string, unknown> }>(
        `SELECT changes FROM write_backs WHERE contact_id = $1 AND target = 'salesforce'`,
        [contactId],
      );
      expect(sf.rows[0]?.changes).not.toHaveProperty('verdict');
      const bodies: BatchBody[] = [];
      hubspotWrites(bodies);
      fake.resetCalls();
      await flushAll();
      const sent = bodies.flatMap((b) => b.inputs).find((input) => input.id === contactId);
      expect(sent?.properties).toMatchObject({
        sql_verdict: 'rejected',
        sql_verdict_reason: 'no-budget',
        sql_verdict_by: REP.email,
        sql_verdict_at: lastModified.toISOString(),
      });
      expect(fake.get('Lead', leadId)).toMatchObject({
        SQL_Verdict__c: 'rejected',
        LastModifiedById: fake.integrationUser.id,
      });
      // Our own write of the Lead comes back in the next read: no second verdict.
      clock.advance(60_000);
      expect(await poll()).toMatchObject({ verdicts: 0, error: null });
      expect(await verdictCount(contactId)).toBe(1);
    });

    it('does not read a card verdict back as a Salesforce verdict after writing it to the Lead', async () => {
      const { contactId, leadId } = await newLinkedContact();
      await recordVerdict(
        { ...harness.core, crmAdmin: null, onWriteBackQueued: () => undefined },
        {
          portalId: PORTAL_ID,
          contactId,
          verdict: 'accepted',
          reasonCode: 'budget-confirmed',
          note: '来月商談',
          idempotencyKey: null,
          userId: null,
          userEmail: 'rep@example.com',
        },
      );
      hubspotWrites([]);
      await flushAll();
      expect(fake.get('Lead', leadId)).toMatchObject({
        SQL_Verdict__c: 'accepted',
        SQL_Verdict_Note__c: '来月商談',
      });
      clock.advance(60_000);
      expect(await poll()).toMatchObject({ verdicts: 0, refused: 0 });
      expect(await verdictCount(contactId)).toBe(1);
    });

    it('records a reason code outside the definitions as refused, in /readyz and the logs, not as a verdict', async () => {
      const { contactId, leadId } = await newLinkedContact();
      await flushAll();
      fake.save(
        'Lead',
        { Id: leadId, SQL_Verdict__c: 'rejected', SQL_Verdict_Reason__c: 'too-expensive' },
        REP,
      );
      clock.advance(60_000);
      expect(await poll()).toMatchObject({ verdicts: 0, refused: 1 });
      expect(await verdictCount(contactId)).toBe(0);
      // Read again (the overlap): recorded once.
      expect(await poll()).toMatchObject({ refused: 0 });
      const ready = await request(harness.app, 'GET', '/readyz');
      expect(ready.json).toMatchObject({
        salesforce: {
          refusedVerdicts: {
            count: 1,
            latest: [{ contactId, recordId: leadId, reasonCode: 'too-expensive', decidedBy: REP.email }],
          },
        },
      });
      expect(harness.logs.join('')).toMatch(/Salesforce verdict refused: 'too-expensive' is not a reason/);
    });

    it('links a converted Lead to its opportunity and records it for the funnel', async () => {
      const { contactId, leadId } = await newLinkedContact();
      await flushAll();
      const opportunityId = fake.save(
        'Opportunity',
        {
          Name: '例株式会社 - 導入',
          StageName: 'Closed Won',
          IsClosed: true,
          IsWon: true,
          CloseDate: '2026-11-25',
          Amount: 1_200_000,
        },
        REP,
      );
      fake.save(
        'Lead',
        { Id: leadId, IsConverted: true, ConvertedDate: '2026-11-20', ConvertedOpportunityId: opportunityId },
        REP,
      );
      clock.advance(60_000);
      expect(await poll()).toMatchObject({ conversions: 1, opportunities: 1, error: null });
      const { rows } = await test.db.query<{ opportunity_id: string; is_won: boolean; amount: string }>(
        `SELECT opportunity_id, is_won, amount::text AS amount FROM crm_opportunities WHERE contact_id = $1 AND source = 'salesforce'`,
        [contactId],
      );
      expect(rows).toEqual([{ opportunity_id: opportunityId, is_won: true, amount: '1200000' }]);
    });
  });

  it('runs the poll and the write-back loops: a Lead verdict ends in HubSpot, and our write of it brings no second one', async () => {
    const fake = await startFakeSalesforce({
      describe: describeLead(),
      accessToken: SF_TOKEN,
      now: () => clock.now().getTime(),
    });
    const bodies: BatchBody[] = [];
    hubspotWrites(bodies);
    const harness = await createHarness({
      db: test.db,
      clock,
      env: {
        HUBSPOT_ACCESS_TOKEN: 'pat-test',
        SALESFORCE_INSTANCE_URL: fake.url,
        SALESFORCE_ACCESS_TOKEN: SF_TOKEN,
      },
      withWorkers: true,
      workerOptions: {
        hubspotIngest: false,
        writeBackIntervalMs: 50,
        writeBackLingerMs: 0,
        salesforcePollIntervalMs: 100,
        sweepIntervalMs: 600_000,
      },
    });
    const until = async (what: string, check: () => Promise<boolean>) => {
      // Generous for a loaded machine; the loops tick every 50 to 100 ms.
      const deadline = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      const contactId = '7901';
      await seedContact(harness.core, contactId, { ownerId: '41629779' });
      const leadId = fake.save('Lead', {
        LastName: '中村',
        Company: '例株式会社',
        HubSpot_Contact_Id__c: contactId,
      });
      await until('the qualification on the Lead', async () =>
        Promise.resolve(fake.get('Lead', leadId)?.['MQL_Definition_Version__c'] !== undefined),
      );
      clock.advance(60_000);
      fake.save(
        'Lead',
        { Id: leadId, SQL_Verdict__c: 'accepted', SQL_Verdict_Reason__c: 'budget-confirmed' },
        REP,
      );
      await until('the verdict in HubSpot', async () =>
        Promise.resolve(
          bodies.some((b) =>
            b.inputs.some((i) => i.id === contactId && i.properties['sql_verdict'] === 'accepted'),
          ),
        ),
      );
      const sent = bodies.flatMap((b) => b.inputs).find((i) => i.properties['sql_verdict'] === 'accepted');
      expect(sent?.properties['sql_verdict_by']).toBe(REP.email);
      // The SLA status the verdict met goes to the Lead (our write), and several reads later the
      // product still holds one verdict.
      await until('the SLA status on the Lead', async () =>
        Promise.resolve(fake.get('Lead', leadId)?.['MQL_SLA_Status__c'] === 'met'),
      );
      const reads = fake.calls.query;
      await until('two more reads', async () => Promise.resolve(fake.calls.query >= reads + 2));
      const { rows } = await test.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM verdicts WHERE contact_id = $1',
        [contactId],
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await harness.stop();
      await fake.close();
    }
  }, 90_000);

  it('names each missing Lead field in /readyz (failing) and the logs; the rest keeps working', async () => {
    const lacking = describeLead();
    const fake = await startFakeSalesforce({
      describe: { ...lacking, fields: lacking.fields.filter((f) => f.name !== 'SQL_Verdict_Reason__c') },
      accessToken: SF_TOKEN,
      now: () => clock.now().getTime(),
    });
    const harness = await createHarness({
      db: test.db,
      clock,
      env: { SALESFORCE_INSTANCE_URL: fake.url, SALESFORCE_ACCESS_TOKEN: SF_TOKEN },
    });
    try {
      await checkConnectorsAtBoot(harness.core);
      const ready = await request(harness.app, 'GET', '/readyz');
      expect(ready.json).toMatchObject({
        status: 'degraded',
        connectors: { salesforce: 'failing' },
        salesforce: {
          state: 'failing',
          problem: expect.stringContaining('SQL_Verdict_Reason__c') as unknown,
          fieldProblems: [{ field: 'SQL_Verdict_Reason__c', kind: 'missing' }],
        },
      });
      expect(harness.logs.join('')).toMatch(/Salesforce Lead field: .*SQL_Verdict_Reason__c/);
    } finally {
      await harness.stop();
      await fake.close();
    }
  });

  it('keeps a rotated refresh token and refreshes with it on the next boot', async () => {
    const fake = await startFakeSalesforce({
      describe: describeLead(),
      refreshTokens: ['5Aep861-first-refresh-token'],
      rotateRefreshTokens: true,
      now: () => clock.now().getTime(),
    });
    const env = {
      SALESFORCE_LOGIN_URL: fake.url,
      SALESFORCE_CLIENT_ID: '3MVG9-client-id',
      SALESFORCE_CLIENT_SECRET: 'client-secret',
      SALESFORCE_REFRESH_TOKEN: '5Aep861-first-refresh-token',
    };
    try {
      const first = await createHarness({ db: test.db, clock, env });
      await checkConnectorsAtBoot(first.core);
      expect(first.core.health.state('salesforce')).toBe('ok');
      await first.stop();
      const stored = await test.db.query<{ refresh_token: string }>(
        'SELECT refresh_token FROM salesforce_refresh_tokens',
      );
      expect(stored.rows.map((r) => r.refresh_token)).toEqual(['5Aep861-first-refresh-token~1']);
      // The configured token was retired by the rotation: only the kept one works now.
      const second = await createHarness({ db: test.db, clock, env });
      await checkConnectorsAtBoot(second.core);
      expect(second.core.health.state('salesforce')).toBe('ok');
      await second.stop();
      expect(fake.calls.token).toBe(2);
      const again = await test.db.query<{ refresh_token: string }>(
        'SELECT refresh_token FROM salesforce_refresh_tokens',
      );
      expect(again.rows.map((r) => r.refresh_token)).toEqual(['5Aep861-first-refresh-token~2']);
    } finally {
      await fake.close();
    }
  });

  it('says once, in the log and on Slack, that Salesforce refuses the refresh token; /readyz fails', async () => {
    const fake = await startFakeSalesforce({
      describe: describeLead(),
      refreshTokens: ['5Aep861-the-token-salesforce-knows'],
      now: () => clock.now().getTime(),
    });
    const slackOrigin = 'https://hooks.slack.com';
    const slackPath = '/services/T0000000/B0000000/s3cretT0kenXYZ';
    const messages: string[] = [];
    // The boot check's empty payload is refused as Slack refuses it; the alert is a real message.
    nock(slackOrigin)
      .persist()
      .post(slackPath, (body: { text?: string }) => body.text === undefined)
      .reply(400, 'no_text');
    nock(slackOrigin)
      .persist()
      .post(slackPath, (body: { text?: string }) => {
        if (body.text === undefined) return false;
        messages.push(body.text);
        return true;
      })
      .reply(200, 'ok');
    const harness = await createHarness({
      db: test.db,
      clock,
      env: {
        SALESFORCE_LOGIN_URL: fake.url,
        SALESFORCE_CLIENT_ID: '3MVG9-client-id',
        SALESFORCE_CLIENT_SECRET: 'client-secret',
        SALESFORCE_REFRESH_TOKEN: '5Aep861-revoked-refresh-token',
        SLACK_WEBHOOK_URL: `${slackOrigin}${slackPath}`,
      },
    });
    try {
      await test.db.query('DELETE FROM salesforce_refresh_tokens');
      await checkConnectorsAtBoot(harness.core);
      await checkConnectorsAtBoot(harness.core);
      await checkConnectorsAtBoot(harness.core);
      expect(fake.calls.token).toBeGreaterThanOrEqual(3);
      for (let waited = 0; messages.length === 0 && waited < 5_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain("Salesforce refuses the backend's credentials");
      expect(harness.logs.join('').match(/"alert":"credentials_refused"/g)).toHaveLength(1);
      const ready = await request(harness.app, 'GET', '/readyz');
      expect(ready.json).toMatchObject({ connectors: { salesforce: 'failing' } });
    } finally {
      await harness.stop();
      await fake.close();
    }
  });
});
