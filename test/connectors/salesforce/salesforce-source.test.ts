import { describe, expect, it } from 'vitest';
import { startPollCursor } from '../../../src/domain/poll-window.ts';
import type { PollCursor } from '../../../src/domain/poll-window.ts';
import {
  BASE,
  connectScope,
  connector,
  DESCRIBE,
  json,
  leadId,
  org,
  REP_USER,
  INTEGRATION_USER,
} from './rest-fixtures.ts';

const FIELDS =
  'Id, SystemModstamp, LastModifiedDate, LastModifiedById, LastModifiedBy.Email, IsConverted, ConvertedDate, ConvertedOpportunityId, HubSpot_Contact_Id__c, SQL_Verdict__c, SQL_Verdict_Reason__c, SQL_Verdict_Note__c, SQL_Verdict_At__c, SQL_Verdict_By__c';

function leadPoll(from: string, fields = FIELDS): string {
  return `SELECT ${fields} FROM Lead WHERE SystemModstamp >= ${from} AND HubSpot_Contact_Id__c != null ORDER BY SystemModstamp ASC, Id ASC`;
}

const START: PollCursor = startPollCursor(new Date('2026-11-20T00:00:00.000Z'));

interface LeadRow {
  id: string;
  stamp: string;
  by: string;
  email: string;
  contactId: string;
  verdict?: string | null;
  reason?: string | null;
  decidedAt?: string | null;
  decidedBy?: string | null;
}

function row(r: LeadRow): object {
  return {
    attributes: { type: 'Lead', url: `${BASE}/sobjects/Lead/${r.id}` },
    Id: r.id,
    SystemModstamp: r.stamp,
    LastModifiedDate: r.stamp,
    LastModifiedById: r.by,
    LastModifiedBy: { attributes: { type: 'User', url: `${BASE}/sobjects/User/${r.by}` }, Email: r.email },
    IsConverted: false,
    ConvertedDate: null,
    ConvertedOpportunityId: null,
    HubSpot_Contact_Id__c: r.contactId,
    SQL_Verdict__c: r.verdict ?? null,
    SQL_Verdict_Reason__c: r.reason ?? null,
    SQL_Verdict_Note__c: null,
    SQL_Verdict_At__c: r.decidedAt ?? null,
    SQL_Verdict_By__c: r.decidedBy ?? null,
  };
}

function page(records: object[]) {
  return { totalSize: records.length, done: true, records };
}

describe('Salesforce source: changed Leads', () => {
  it('reads a query page and its queryMore page, in our words, resumable between them', async () => {
    const sf = await connector();
    const connect = connectScope();
    const scope = org()
      // 5 minutes of overlap before the watermark, floored to the second.
      .get(`${BASE}/query`)
      .query({ q: leadPoll('2026-11-19T23:55:00Z') })
      .reply(200, json('query-leads-changed-page1.json'))
      .get(`${BASE}/query/01g5g00000LhQryAAB-2000`)
      .reply(200, json('query-leads-changed-page2.json'));

    const first = await sf.source.pollLeads(START);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.done).toBe(false);
    expect(first.value.cursor).toEqual({
      watermark: '2026-11-20T01:03:00.000Z',
      seen: [
        `00Q5g00000LhL01EAF@${Date.parse('2026-11-20T01:02:03Z')}`,
        `00Q5g00000LhL02EAF@${Date.parse('2026-11-20T01:02:05Z')}`,
        `00Q5g00000LhL03EAF@${Date.parse('2026-11-20T01:03:00Z')}`,
      ],
      next: '/services/data/v62.0/query/01g5g00000LhQryAAB-2000',
    });
    expect(first.value.items).toEqual([
      {
        kind: 'verdict',
        contactId: '101',
        recordId: '00Q5g00000LhL01EAF',
        verdict: 'rejected',
        reasonCode: 'no-budget',
        note: '予算確保は来期',
        decidedAt: '2026-11-20T01:02:03.000Z',
        decidedBy: 'tanaka@example.co.jp',
        decidedByUserId: REP_USER,
      },
      // 102 was last modified by the integration user: our own write, no verdict.
      {
        kind: 'verdict_refused',
        contactId: '103',
        recordId: '00Q5g00000LhL03EAF',
        verdict: 'rejected',
        reasonCode: 'too-small',
        problem: "'too-small' is not a reason of the definitions 2026-11",
        decidedAt: '2026-11-20T01:03:00.000Z',
        decidedBy: 'tanaka@example.co.jp',
      },
    ]);

    // The stored cursor (JSON) resumes with the next page.
    const second = await sf.source.pollLeads(JSON.parse(JSON.stringify(first.value.cursor)) as PollCursor);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.done).toBe(true);
    expect(second.value.cursor.next).toBeNull();
    expect(second.value.cursor.watermark).toBe('2026-11-21T03:00:00.000Z');
    expect(second.value.items).toEqual([
      {
        kind: 'converted',
        contactId: '104',
        recordId: '00Q5g00000LhL04EAF',
        opportunityId: '0065g00000LhOp1AAB',
        convertedOn: '2026-11-21',
      },
    ]);
  });

  it('reads again from the overlap and returns only what it had not returned', async () => {
    const sf = await connector();
    const connect = connectScope();
    const seenBefore = row({
      id: leadId(11),
      stamp: '2026-11-21T02:58:00.000+0000',
      by: REP_USER,
      email: 'tanaka@example.co.jp',
      contactId: '111',
      verdict: 'accepted',
      reason: 'budget-confirmed',
    });
    const lateCommit = row({
      id: leadId(12),
      stamp: '2026-11-21T02:57:00.000+0000',
      by: REP_USER,
      email: 'tanaka@example.co.jp',
      contactId: '112',
      verdict: 'recycled',
      reason: 'bad-timing',
    });
    const cursor: PollCursor = {
      watermark: '2026-11-21T03:00:00.000Z',
      seen: [`${leadId(11)}@${Date.parse('2026-11-21T02:58:00Z')}`],
      next: null,
    };
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: leadPoll('2026-11-21T02:55:00Z') })
      .reply(200, page([lateCommit, seenBefore]));
    const result = await sf.source.pollLeads(cursor);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.items.map((c) => c.contactId)).toEqual(['112']);
    expect(result.value.cursor.watermark).toBe('2026-11-21T03:00:00.000Z');
    expect(result.value.done).toBe(true);
  });

  it('never brings back our own writes as verdicts, and still sees a decision changed between them', async () => {
    const sf = await connector();
    const connect = connectScope();
    const written = org()
      .get(`${BASE}/query`)
      .query({
        q: "SELECT Id, IsConverted, HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c IN ('121','122','123')",
      })
      .reply(
        200,
        page(
          ['121', '122', '123'].map((contactId, i) => ({
            attributes: { type: 'Lead' },
            Id: leadId(121 + i),
            IsConverted: false,
            HubSpot_Contact_Id__c: contactId,
          })),
        ),
      )
      .patch(`${BASE}/composite/sobjects`)
      .reply(
        200,
        [121, 122, 123].map((n) => ({ id: leadId(n), success: true, errors: [] })),
      );
    const verdict = {
      verdict: 'accepted' as const,
      reasonCode: 'budget-confirmed',
      note: null,
      decidedAt: '2026-11-21T04:00:00.000Z',
      decidedBy: 'sato@example.co.jp',
    };
    const write = await sf.writeBack.write(
      ['121', '122', '123'].map((contactId) => ({ contactId, changes: { verdict } })),
    );
    expect(write.ok).toBe(true);
    const polled = org()
      .get(`${BASE}/query`)
      .query({ q: leadPoll('2026-11-21T03:55:00Z') })
      .reply(
        200,
        page([
          // Our write of the card's verdict, as Salesforce returns it.
          row({
            id: leadId(121),
            stamp: '2026-11-21T04:00:01.000+0000',
            by: INTEGRATION_USER,
            email: 'integration@leadhandoff-demo.example',
            contactId: '121',
            verdict: 'accepted',
            reason: 'budget-confirmed',
          }),
          // A rep edited the phone number afterwards: same decision, no new verdict.
          row({
            id: leadId(122),
            stamp: '2026-11-21T04:10:00.000+0000',
            by: REP_USER,
            email: 'tanaka@example.co.jp',
            contactId: '122',
            verdict: 'accepted',
            reason: 'budget-confirmed',
          }),
          // A rep changed the decision on the Lead page, then we wrote the SLA status before this
          // poll: the last modifier is us, the decision is not ours.
          row({
            id: leadId(123),
            stamp: '2026-11-21T04:20:00.000+0000',
            by: INTEGRATION_USER,
            email: 'integration@leadhandoff-demo.example',
            contactId: '123',
            verdict: 'rejected',
            reason: 'unreachable',
            decidedAt: '2026-11-21T04:19:30.000+0000',
            decidedBy: 'tanaka@example.co.jp',
          }),
        ]),
      );
    const result = await sf.source.pollLeads(startPollCursor(new Date('2026-11-21T04:00:00.000Z')));
    expect(connect.isDone() && written.isDone() && polled.isDone()).toBe(true);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.items).toEqual([
      {
        kind: 'verdict',
        contactId: '123',
        recordId: leadId(123),
        verdict: 'rejected',
        reasonCode: 'unreachable',
        note: null,
        decidedAt: '2026-11-21T04:19:30.000Z',
        decidedBy: 'tanaka@example.co.jp',
        decidedByUserId: null,
      },
    ]);
  });

  it('asks the product which decision it holds, so a restart does not lose or repeat verdicts', async () => {
    const asked: string[][] = [];
    const sf = await connector({
      knownDecisions: (ids) => {
        asked.push([...ids]);
        return Promise.resolve(
          new Map([
            ['131', null],
            ['132', { verdict: 'rejected', reasonCode: 'no-budget' }],
          ]),
        );
      },
    });
    const connect = connectScope();
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: leadPoll('2026-11-21T03:55:00Z') })
      .reply(
        200,
        page([
          // The product holds no verdict, yet the Lead has one and we wrote last: a rep's.
          row({
            id: leadId(131),
            stamp: '2026-11-21T04:00:01.000+0000',
            by: INTEGRATION_USER,
            email: 'integration@leadhandoff-demo.example',
            contactId: '131',
            verdict: 'recycled',
            reason: 'bad-timing',
          }),
          // Already the product's decision.
          row({
            id: leadId(132),
            stamp: '2026-11-21T04:00:02.000+0000',
            by: REP_USER,
            email: 'tanaka@example.co.jp',
            contactId: '132',
            verdict: 'rejected',
            reason: 'no-budget',
          }),
          // Unknown to the product's lookup, last written by us: ours.
          row({
            id: leadId(133),
            stamp: '2026-11-21T04:00:03.000+0000',
            by: INTEGRATION_USER,
            email: 'integration@leadhandoff-demo.example',
            contactId: '133',
            verdict: 'accepted',
            reason: 'budget-confirmed',
          }),
        ]),
      );
    const result = await sf.source.pollLeads(startPollCursor(new Date('2026-11-21T04:00:00.000Z')));
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(asked).toEqual([['131', '132', '133']]);
    expect(result.ok && result.value.items.map((c) => [c.contactId, c.kind])).toEqual([['131', 'verdict']]);
  });

  it('refuses a reason that belongs to another verdict, and a verdict without a reason', async () => {
    const sf = await connector();
    const connect = connectScope();
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: leadPoll('2026-11-19T23:55:00Z') })
      .reply(
        200,
        page([
          row({
            id: leadId(141),
            stamp: '2026-11-20T01:00:00.000+0000',
            by: REP_USER,
            email: 'tanaka@example.co.jp',
            contactId: '141',
            verdict: 'accepted',
            reason: 'no-budget',
          }),
          row({
            id: leadId(142),
            stamp: '2026-11-20T01:00:01.000+0000',
            by: REP_USER,
            email: 'tanaka@example.co.jp',
            contactId: '142',
            verdict: 'rejected',
          }),
        ]),
      );
    const result = await sf.source.pollLeads(START);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(result.ok && result.value.items.map((c) => c.kind === 'verdict_refused' && c.problem)).toEqual([
      "'no-budget' is a reason for 'rejected', not for 'accepted'",
      "the verdict 'rejected' has no reason",
    ]);
  });

  it('starts the read again from the watermark when the next page expired', async () => {
    const sf = await connector();
    const connect = connectScope();
    const cursor: PollCursor = {
      watermark: '2026-11-20T01:03:00.000Z',
      seen: [`00Q5g00000LhL03EAF@${Date.parse('2026-11-20T01:03:00Z')}`],
      next: '/services/data/v62.0/query/01g5g00000LhQryAAB-2000',
    };
    const scope = org()
      .get(`${BASE}/query/01g5g00000LhQryAAB-2000`)
      .reply(400, json('invalid-query-locator-400.json'))
      .get(`${BASE}/query`)
      .query({ q: leadPoll('2026-11-20T00:58:00Z') })
      .reply(200, json('query-leads-changed-page2.json'));
    const result = await sf.source.pollLeads(cursor);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(result.ok && result.value.items.map((c) => c.kind)).toEqual(['converted']);
  });

  it('without the verdict field, reads no decision (none refused either) and still reads conversions', async () => {
    const describe = DESCRIBE();
    describe.fields = describe.fields.filter((f) => f.name !== 'SQL_Verdict__c');
    const sf = await connector();
    const connect = connectScope(describe);
    const scope = org()
      .get(`${BASE}/query`)
      .query({
        q: leadPoll('2026-11-19T23:55:00Z', FIELDS.replace(', SQL_Verdict__c', '')),
      })
      .reply(200, {
        ...json<{ records: object[] }>('query-leads-changed-page2.json'),
        // A reason set, its verdict field not visible to the integration user.
        records: [
          ...json<{ records: object[] }>('query-leads-changed-page2.json').records,
          row({
            id: leadId(151),
            stamp: '2026-11-21T04:00:00.000+0000',
            by: REP_USER,
            email: 'tanaka@example.co.jp',
            contactId: '151',
            reason: 'no-budget',
          }),
        ],
      });
    const result = await sf.source.pollLeads(START);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(result.ok && result.value.items.map((c) => c.kind)).toEqual(['converted']);
  });
});

describe('Salesforce source: opportunities', () => {
  it('reads the opportunities of converted linked Leads: created, won, close date, amount', async () => {
    const sf = await connector();
    const connect = connectScope();
    const scope = org()
      .get(`${BASE}/query`)
      .query({
        q:
          'SELECT Id, SystemModstamp, CreatedDate, IsClosed, IsWon, CloseDate, Amount, StageName FROM Opportunity ' +
          'WHERE SystemModstamp >= 2026-11-19T23:55:00Z AND Id IN (SELECT ConvertedOpportunityId FROM Lead ' +
          'WHERE IsConverted = true AND HubSpot_Contact_Id__c != null) ORDER BY SystemModstamp ASC, Id ASC',
      })
      .reply(200, json('query-opportunities-changed.json'));
    const result = await sf.source.pollOpportunities(START);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.items).toEqual([
      {
        opportunityId: '0065g00000LhOp1AAB',
        createdAt: '2026-11-21T02:00:00.000Z',
        isClosed: false,
        isWon: false,
        closeDate: '2026-12-25',
        amount: null,
        stageName: 'Prospecting',
        modifiedAt: '2026-11-21T02:00:00.000Z',
      },
      {
        opportunityId: '0065g00000LhOp2AAB',
        createdAt: '2026-10-01T00:00:00.000Z',
        isClosed: true,
        isWon: true,
        closeDate: '2026-11-22',
        amount: 3_000_000,
        stageName: 'Closed Won',
        modifiedAt: '2026-11-22T05:30:00.000Z',
      },
    ]);
    expect(result.value.cursor).toMatchObject({ watermark: '2026-11-22T05:30:00.000Z', next: null });
  });
});
