import { describe, expect, it } from 'vitest';
import type { CrmChanges } from '../../../src/domain/crm-changes.ts';
import { formatLeadPageDetails } from '../../../src/domain/lead-page-details.ts';
import type { LeadPageDetailsInput } from '../../../src/domain/lead-page-details.ts';
import type { Ground } from '../../../src/domain/mql-evaluation.ts';
import type { CrmRecordChange, CrmWriteOutcome } from '../../../src/ports/crm-write-back.ts';
import {
  BASE,
  connectScope,
  connector,
  DESCRIBE,
  INSTANCE,
  isCollectionsBody,
  json,
  leadId,
  NOW,
  org,
} from './rest-fixtures.ts';
import type { CollectionsBody } from './rest-fixtures.ts';

const LINK = 'HubSpot_Contact_Id__c';

function linkQuery(contactIds: readonly string[]): string {
  return `SELECT Id, IsConverted, ${LINK} FROM Lead WHERE ${LINK} IN (${contactIds.map((id) => `'${id}'`).join(',')})`;
}

function leadRows(pairs: readonly (readonly [string, string, boolean?])[]) {
  return {
    totalSize: pairs.length,
    done: true,
    records: pairs.map(([contactId, id, converted]) => ({
      attributes: { type: 'Lead', url: `${BASE}/sobjects/Lead/${id}` },
      Id: id,
      IsConverted: converted ?? false,
      [LINK]: contactId,
    })),
  };
}

const GROUND: Ground = {
  conditionId: 'industry',
  kind: 'attribute',
  label: 'ターゲット業種',
  met: true,
  property: 'industry',
  value: 'COMPUTER_SOFTWARE',
  evidenceAt: '2026-11-02T01:00:00.000Z',
};

const LEAD_PAGE: LeadPageDetailsInput = {
  definitionVersion: '2026-11',
  status: 'mql',
  qualifiedAt: '2026-11-20T01:02:03.000Z',
  grounds: [GROUND],
  handoff: {
    status: 'on_track',
    dueAt: '2026-11-24T01:02:03.000Z',
    warnAt: '2026-11-20T08:02:03.000Z',
    metAt: null,
  },
  verdictDue: { status: 'not_started', dueAt: null, warnAt: null, metAt: null },
  shared: { industry: 'COMPUTER_SOFTWARE', challenge: '営業の属人化', productInterest: null },
};

const SLA_ONLY: CrmChanges = { slaStatus: 'breached' };

function change(contactId: string, changes: CrmChanges = SLA_ONLY): CrmRecordChange {
  return { contactId, changes };
}

function byContact(outcomes: readonly CrmWriteOutcome[]): Map<string, CrmWriteOutcome> {
  return new Map(outcomes.map((o) => [o.contactId, o]));
}

describe('Salesforce write-back (sObject Collections)', () => {
  it('finds each Lead by its link field, then writes the changes in one PATCH in Salesforce formats', async () => {
    const sf = await connector();
    const connect = connectScope();
    const sent: CollectionsBody[] = [];
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(['101', '102']) })
      .reply(
        200,
        leadRows([
          ['101', leadId(1)],
          ['102', leadId(2)],
        ]),
      )
      .patch(`${BASE}/composite/sobjects`, (body: unknown) => {
        if (isCollectionsBody(body)) sent.push(body);
        return true;
      })
      .reply(200, [
        { id: leadId(1), success: true, errors: [] },
        { id: leadId(2), success: true, errors: [] },
      ]);
    const result = await sf.writeBack.write([
      change('101', {
        qualification: {
          definitionVersion: '2026-11',
          qualifiedAt: '2026-11-20T01:02:03.000Z',
          grounds: [GROUND],
          handoffDueAt: '2026-11-24T01:02:03.000Z',
        },
        slaStatus: 'on_track',
        leadPage: LEAD_PAGE,
      }),
      change('102', {
        verdict: {
          verdict: 'rejected',
          reasonCode: 'no-budget',
          note: null,
          decidedAt: '2026-11-21T05:06:07.089Z',
          decidedBy: 'tanaka@example.co.jp',
        },
        verdictDueAt: null,
      }),
    ]);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(result).toEqual({
      ok: true,
      value: [
        { contactId: '101', status: 'written', recordId: leadId(1) },
        { contactId: '102', status: 'written', recordId: leadId(2) },
      ],
    });
    expect(sent).toEqual([
      {
        allOrNone: false,
        records: [
          {
            attributes: { type: 'Lead' },
            id: leadId(1),
            MQL_Definition_Version__c: '2026-11',
            MQL_Qualified_At__c: '2026-11-20T01:02:03.000+0000',
            MQL_Grounds__c: '✔ ターゲット業種 (industry = COMPUTER_SOFTWARE, 2026-11-02)',
            MQL_Handoff_Due_At__c: '2026-11-24T01:02:03.000+0000',
            MQL_SLA_Status__c: 'on_track',
            MQL_Handoff_Details__c: formatLeadPageDetails(LEAD_PAGE, NOW),
          },
          {
            attributes: { type: 'Lead' },
            id: leadId(2),
            SQL_Verdict__c: 'rejected',
            SQL_Verdict_Reason__c: 'no-budget',
            SQL_Verdict_Note__c: null,
            SQL_Verdict_At__c: '2026-11-21T05:06:07.089+0000',
            SQL_Verdict_By__c: 'tanaka@example.co.jp',
            SQL_Verdict_Due_At__c: null,
          },
        ],
      },
    ]);
    // The Lead page's JSON is the domain formatter's, stamped with the write instant.
    expect(JSON.parse(sent[0]?.records[0]?.['MQL_Handoff_Details__c'] as string)).toMatchObject({
      format: 1,
      writtenAt: NOW.toISOString(),
    });
  });

  it('lets one refused record of a batch of 200 fail alone', async () => {
    const sf = await connector();
    const ids = Array.from({ length: 200 }, (_, i) => String(5000 + i));
    const connect = connectScope();
    let sentCount = 0;
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(ids) })
      .reply(200, leadRows(ids.map((id, i) => [id, leadId(5000 + i)] as const)))
      .patch(`${BASE}/composite/sobjects`, (body: unknown) => {
        sentCount = isCollectionsBody(body) ? body.records.length : -1;
        return isCollectionsBody(body) && !body.allOrNone;
      })
      .reply(
        200,
        ids.map((_, i) =>
          i === 137
            ? {
                success: false,
                errors: [
                  {
                    statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    message: 'SLA status cannot change on a Lead owned by a queue',
                    fields: [],
                  },
                ],
              }
            : { id: leadId(5000 + i), success: true, errors: [] },
        ),
      );
    const result = await sf.writeBack.write(ids.map((id) => change(id)));
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(sentCount).toBe(200);
    if (!result.ok) throw new Error(result.error.message);
    const failed = result.value.filter((o) => o.status !== 'written');
    expect(result.value.filter((o) => o.status === 'written')).toHaveLength(199);
    expect(failed).toEqual([
      {
        contactId: '5137',
        status: 'failed',
        final: true,
        error: {
          code: 'validation',
          provider: 'salesforce',
          message: 'FIELD_CUSTOM_VALIDATION_EXCEPTION: SLA status cannot change on a Lead owned by a queue',
        },
      },
    ]);
  });

  it('records a converted or deleted Lead as final, retries a locked row, surfaces validation messages', async () => {
    const sf = await connector();
    const contacts = ['201', '202', '203', '204', '205', '206'];
    const connect = connectScope();
    const first = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(contacts) })
      .reply(200, leadRows(contacts.map((id, i) => [id, leadId(201 + i)] as const)))
      .patch(`${BASE}/composite/sobjects`)
      .reply(200, json('collections-update-mixed.json'));
    const result = await sf.writeBack.write(contacts.map((id) => change(id)));
    expect(connect.isDone() && first.isDone()).toBe(true);
    if (!result.ok) throw new Error(result.error.message);
    const outcomes = byContact(result.value);
    expect(outcomes.get('201')).toEqual({ contactId: '201', status: 'written', recordId: leadId(201) });
    expect(outcomes.get('202')).toMatchObject({
      status: 'failed',
      final: true,
      error: { code: 'validation', message: 'CANNOT_UPDATE_CONVERTED_LEAD: cannot reference converted lead' },
    });
    expect(outcomes.get('203')).toMatchObject({
      status: 'failed',
      final: true,
      error: { code: 'not_found', message: 'ENTITY_IS_DELETED: entity is deleted' },
    });
    expect(outcomes.get('204')).toMatchObject({
      status: 'failed',
      final: true,
      error: {
        code: 'validation',
        message: 'FIELD_CUSTOM_VALIDATION_EXCEPTION: A rejection needs a reason the sales team agreed on',
      },
    });
    expect(outcomes.get('205')).toMatchObject({
      status: 'failed',
      final: false,
      error: { code: 'transient' },
    });
    expect(outcomes.get('206')).toMatchObject({
      status: 'failed',
      final: true,
      error: {
        code: 'validation',
        message:
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: SQL Verdict Reason: bad value for restricted picklist field: no-budget (SQL_Verdict_Reason__c)',
      },
    });

    // Sent again: the locked row goes out alone and is written; the converted Lead is not sent
    // (Salesforce keeps it read-only); the deleted one is looked up again and is gone.
    const again: CollectionsBody[] = [];
    const second = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(['203']) })
      .reply(200, leadRows([]))
      .patch(`${BASE}/composite/sobjects`, (body: unknown) => {
        if (isCollectionsBody(body)) again.push(body);
        return true;
      })
      .reply(200, [{ id: leadId(205), success: true, errors: [] }]);
    const retried = await sf.writeBack.write([change('202'), change('203'), change('205')]);
    expect(second.isDone()).toBe(true);
    expect(again.map((b) => b.records.map((r) => r.id))).toEqual([[leadId(205)]]);
    if (!retried.ok) throw new Error(retried.error.message);
    expect(byContact(retried.value).get('205')).toEqual({
      contactId: '205',
      status: 'written',
      recordId: leadId(205),
    });
    expect(byContact(retried.value).get('202')).toMatchObject({ status: 'failed', final: true });
    expect(byContact(retried.value).get('203')).toEqual({ contactId: '203', status: 'unlinked' });
  });

  it('splits 201 records into two requests, 200 and 1', async () => {
    const sf = await connector();
    const ids = Array.from({ length: 201 }, (_, i) => String(7000 + i));
    const connect = connectScope();
    const sizes: number[] = [];
    const answer = (body: unknown) =>
      isCollectionsBody(body) ? body.records.map((r) => ({ id: r.id, success: true, errors: [] })) : [];
    let last: unknown = null;
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(ids) })
      .reply(200, leadRows(ids.map((id, i) => [id, leadId(7000 + i)] as const)))
      .patch(`${BASE}/composite/sobjects`, (body: unknown) => {
        last = body;
        sizes.push(isCollectionsBody(body) ? body.records.length : -1);
        return true;
      })
      .twice()
      .reply(200, () => answer(last));
    const result = await sf.writeBack.write(ids.map((id) => change(id)));
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(sizes).toEqual([200, 1]);
    expect(sf.writeBack.maxBatchSize).toBe(200);
    expect(result.ok && result.value.every((o) => o.status === 'written')).toBe(true);
  });

  it("falls back to HubSpot's salesforceleadid and fills the Lead's link field, once", async () => {
    const sf = await connector();
    const connect = connectScope();
    const sent: CollectionsBody[] = [];
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(['301', '302', '303']) })
      .reply(200, leadRows([]))
      .get(`${BASE}/query`)
      .query({
        q: `SELECT Id, IsConverted, ${LINK} FROM Lead WHERE Id IN ('${leadId(301)}','${leadId(302)}')`,
      })
      .reply(200, {
        totalSize: 2,
        done: true,
        records: [
          { attributes: { type: 'Lead' }, Id: leadId(301), IsConverted: false, [LINK]: null },
          // Already another contact's Lead: not taken.
          { attributes: { type: 'Lead' }, Id: leadId(302), IsConverted: false, [LINK]: '999' },
        ],
      })
      .patch(`${BASE}/composite/sobjects`, (body: unknown) => {
        if (isCollectionsBody(body)) sent.push(body);
        return true;
      })
      .twice()
      .reply(200, [{ id: leadId(301), success: true, errors: [] }]);
    const result = await sf.writeBack.write([
      { ...change('301'), hints: { salesforceLeadId: leadId(301) } },
      { ...change('302'), hints: { salesforceLeadId: leadId(302) } },
      // Not a Lead id: never put into a query.
      { ...change('303'), hints: { salesforceLeadId: "003' OR Name != '" } },
    ]);
    expect(result).toEqual({
      ok: true,
      value: [
        { contactId: '301', status: 'written', recordId: leadId(301) },
        { contactId: '302', status: 'unlinked' },
        { contactId: '303', status: 'unlinked' },
      ],
    });
    // Known now: no query, and the link field is not written again.
    const next = await sf.writeBack.write([change('301')]);
    expect(next.ok).toBe(true);
    expect(connect.isDone() && scope.isDone()).toBe(true);
    expect(sent.map((b) => b.records)).toEqual([
      [{ attributes: { type: 'Lead' }, id: leadId(301), MQL_SLA_Status__c: 'breached', [LINK]: '301' }],
      [{ attributes: { type: 'Lead' }, id: leadId(301), MQL_SLA_Status__c: 'breached' }],
    ]);
  });

  it('keeps each link query URL within the REST limits, however many contacts', async () => {
    const sf = await connector();
    const ids = Array.from({ length: 2_000 }, (_, i) => String(1_000_000_000 + i));
    const connect = connectScope();
    const asked: string[] = [];
    const urls: number[] = [];
    const scope = org()
      .get((path) => {
        if (!path.startsWith(`${BASE}/query?q=`)) return false;
        urls.push(INSTANCE.length + path.length);
        const soql = new URLSearchParams(path.slice(path.indexOf('?'))).get('q') ?? '';
        asked.push(...[...soql.matchAll(/'(\d+)'/g)].map((m) => m[1] ?? ''));
        return true;
      })
      .reply(200, leadRows([]))
      .persist();
    const result = await sf.writeBack.write(ids.map((id) => change(id)));
    expect(connect.isDone()).toBe(true);
    expect(result.ok && result.value.every((o) => o.status === 'unlinked')).toBe(true);
    expect(new Set(asked)).toEqual(new Set(ids));
    expect(asked).toHaveLength(ids.length);
    expect(urls.length).toBeGreaterThan(1);
    expect(urls.length).toBeLessThan(10);
    // Salesforce Help 000386264: URI and headers at most 16,384 bytes; we keep the URL to 8,192.
    expect(Math.max(...urls)).toBeLessThanOrEqual(8_192);
    expect(scope.isDone()).toBe(true);
  });

  it('leaves out a field missing from Lead and writes the rest', async () => {
    const describe = DESCRIBE();
    describe.fields = describe.fields.filter((f) => f.name !== 'MQL_Grounds__c');
    const sf = await connector();
    const connect = connectScope(describe);
    const report = await sf.connect();
    expect(connect.isDone()).toBe(true);
    expect(report.ok && report.value.fields.problems).toEqual([
      {
        key: 'grounds',
        field: 'MQL_Grounds__c',
        kind: 'missing',
        message:
          'MQL_Grounds__c (grounds): not on Lead, or not visible to the integration user (run npm run salesforce:deploy, then assign the permission set Lead_Handoff_Integration)',
      },
    ]);
    const sent: CollectionsBody[] = [];
    const scope = org()
      .get(`${BASE}/query`)
      .query({ q: linkQuery(['401']) })
      .reply(200, leadRows([['401', leadId(401)]]))
      .patch(`${BASE}/composite/sobjects`, (body: unknown) => {
        if (isCollectionsBody(body)) sent.push(body);
        return true;
      })
      .reply(200, [{ id: leadId(401), success: true, errors: [] }]);
    const result = await sf.writeBack.write([
      change('401', {
        qualification: {
          definitionVersion: '2026-11',
          qualifiedAt: '2026-11-20T01:02:03.000Z',
          grounds: [GROUND],
          handoffDueAt: '2026-11-24T01:02:03.000Z',
        },
      }),
    ]);
    expect(scope.isDone()).toBe(true);
    expect(result.ok).toBe(true);
    expect(Object.keys(sent[0]?.records[0] ?? {}).sort()).toEqual(
      [
        'MQL_Definition_Version__c',
        'MQL_Handoff_Due_At__c',
        'MQL_Qualified_At__c',
        'attributes',
        'id',
      ].sort(),
    );
  });
});
