import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_GROUP_BYS, cohortFunnel, periodFunnel } from '../../src/domain/funnel.ts';
import type { ContactStages } from '../../src/domain/funnel.ts';
import { dateWindow, inWindow } from '../../src/domain/local-dates.ts';
import { createSlaClock } from '../../src/domain/sla-clock.ts';
import { summarizeSla, tallyDeadlines } from '../../src/domain/sla-compliance.ts';
import { isLate, lateBy } from '../../src/domain/sla-lateness.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { FIXTURE_NOW, Q3_CONTACTS, Q3_EXPECTED } from '../fixtures/funnel/q3-contacts.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { referenceStages, seedFunnelFixture } from '../helpers/funnel-seed.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

const TZ = 'Asia/Tokyo';
const IDENTITY = `portalId=${PORTAL_ID}&userId=9&userEmail=marketer%40example.com&appId=4242`;

/** The body's bytes as sent: fetch's text() drops a leading byte-order mark. */
async function rawBody(app: Harness['app'], url: string, headers: Record<string, string>): Promise<Buffer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers });
    return Buffer.from(await response.arrayBuffer());
  } finally {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  }
}

function errorOf(json: unknown): { code?: string; message?: string } | undefined {
  return (json as { error?: { code?: string; message?: string } } | null)?.error;
}

describeEachStorage('marketer views', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let reference: ContactStages[];
  const clock = new FakeClock(FIXTURE_NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await seedFunnelFixture(harness.core, clock, Q3_CONTACTS);
    clock.set(FIXTURE_NOW);
    reference = await referenceStages(test.db, harness.core);
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const signedUrl = (path: string, query: string) => `${path}?${query}${query ? '&' : ''}${IDENTITY}`;
  /** A signed GET, as HubSpot sends it from an app page (identity appended to the query). */
  async function get(path: string, query: string) {
    const url = signedUrl(path, query);
    return request(harness.app, 'GET', url, '', signedHeaders('GET', url, '', clock.now().getTime()));
  }
  async function getBytes(path: string, query: string) {
    const url = signedUrl(path, query);
    return rawBody(harness.app, url, signedHeaders('GET', url, '', clock.now().getTime()));
  }

  describe('GET /api/funnel', () => {
    it('answers the Q3 cohort exactly in the contract’s shape', async () => {
      const res = await get('/api/funnel', 'from=2026-07-01&to=2026-09-30');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        mode: 'cohort',
        groupBy: 'none',
        from: '2026-07-01',
        to: '2026-09-30',
        timezone: 'Asia/Tokyo',
        stages: ['lead', 'mql', 'sql', 'opportunity', 'won'],
        groups: Q3_EXPECTED.cohort.none,
        total: Q3_EXPECTED.cohort.total,
      });
    });

    it.each(['channel', 'month', 'definitionVersion'] as const)(
      'groups the cohort by %s as counted by hand',
      async (groupBy) => {
        const res = await get('/api/funnel', `from=2026-07-01&to=2026-09-30&mode=cohort&groupBy=${groupBy}`);
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({
          groupBy,
          groups: Q3_EXPECTED.cohort[groupBy],
          total: Q3_EXPECTED.cohort.total,
        });
      },
    );

    it('counts the period by stage instant, and by each instant’s month', async () => {
      const none = await get('/api/funnel', 'from=2026-07-01&to=2026-09-30&mode=period');
      expect(none.json).toMatchObject({
        mode: 'period',
        groups: Q3_EXPECTED.period.none,
        total: Q3_EXPECTED.period.total,
      });
      const month = await get('/api/funnel', 'from=2026-07-01&to=2026-09-30&mode=period&groupBy=month');
      expect(month.json).toMatchObject({ groups: Q3_EXPECTED.period.month });
    });

    it('counts the contact created at 2026-08-31T15:30Z as a September lead', async () => {
      const september = await get('/api/funnel', 'from=2026-09-01&to=2026-09-30&groupBy=channel');
      expect(september.json).toMatchObject({
        groups: [
          { key: '(none)', counts: { lead: 1, mql: 0, sql: 0, opportunity: 0, won: 0 } },
          { key: 'PAID_SOCIAL', counts: { lead: 1, mql: 1, sql: 1, opportunity: 0, won: 0 } },
        ],
      });
      const august = await get('/api/funnel', 'from=2026-08-31&to=2026-08-31');
      expect((august.json as { total: { lead: number } }).total.lead).toBe(0);
    });

    it('gives the numbers of the pure reference for every mode, grouping and window', async () => {
      const windows = [
        ['2026-07-01', '2026-09-30'],
        ['2026-09-01', '2026-09-30'],
        ['2026-05-01', '2026-12-31'],
        ['2026-09-30', '2026-10-01'],
      ] as const;
      for (const [from, to] of windows) {
        const window = dateWindow(from, to, TZ);
        for (const groupBy of FUNNEL_GROUP_BYS) {
          const cohort = await get('/api/funnel', `from=${from}&to=${to}&groupBy=${groupBy}`);
          const period = await get('/api/funnel', `from=${from}&to=${to}&mode=period&groupBy=${groupBy}`);
          const expected = (funnel: ReturnType<typeof cohortFunnel>) => ({
            groups: funnel.groups,
            total: funnel.total,
          });
          expect(cohort.json, `cohort ${from}..${to} by ${groupBy}`).toMatchObject(
            expected(cohortFunnel(reference, window, groupBy, TZ, clock.now())),
          );
          expect(period.json, `period ${from}..${to} by ${groupBy}`).toMatchObject(
            expected(periodFunnel(reference, window, groupBy, TZ)),
          );
        }
      }
    });

    it('answers CSV with a byte-order mark and one header row', async () => {
      const res = await get('/api/funnel', 'from=2026-07-01&to=2026-09-30&groupBy=channel&format=csv');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="funnel-cohort-channel-2026-07-01-2026-09-30.csv"',
      );
      const bytes = await getBytes('/api/funnel', 'from=2026-07-01&to=2026-09-30&groupBy=channel&format=csv');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.text.split('\r\n')).toEqual([
        'from,to,timezone,mode,group_by,group,lead,mql,sql,opportunity,won',
        '2026-07-01,2026-09-30,Asia/Tokyo,cohort,channel,(none),1,0,0,0,0',
        '2026-07-01,2026-09-30,Asia/Tokyo,cohort,channel,ORGANIC_SEARCH,3,3,2,1,1',
        '2026-07-01,2026-09-30,Asia/Tokyo,cohort,channel,PAID_SOCIAL,3,3,3,2,0',
        '',
      ]);
    });

    it.each([
      ['to=2026-09-30', 'from', 'is required'],
      ['from=2026-02-30&to=2026-09-30', 'from', 'must be a date YYYY-MM-DD'],
      ['from=2026-07-01&to=20260930', 'to', 'must be a date YYYY-MM-DD'],
      ['from=2026-07-01&to=2026-06-30', 'to', 'must not be before from'],
      ['from=2026-07-01&to=2026-09-30&mode=rolling', 'mode', "must be 'cohort' or 'period'"],
      ['from=2026-07-01&to=2026-09-30&groupBy=owner', 'groupBy', 'must be'],
      ['from=2026-07-01&to=2026-09-30&format=xlsx', 'format', "must be 'json' or 'csv'"],
      ['from=2026-07-01&from=2026-08-01&to=2026-09-30', 'from', ''],
      ['from=2026-07-01&to=2026-09-30&stage=mql', 'stage', 'unknown field'],
    ])('refuses %s with 400 invalid_request naming %s', async (query, parameter, words) => {
      const res = await get('/api/funnel', query);
      expect(res.status).toBe(400);
      expect(errorOf(res.json)?.code).toBe('invalid_request');
      expect(errorOf(res.json)?.message).toContain(parameter);
      expect(errorOf(res.json)?.message).toContain(words);
    });

    it('refuses an unsigned request', async () => {
      const res = await request(harness.app, 'GET', `/api/funnel?from=2026-07-01&to=2026-09-30&${IDENTITY}`);
      expect(res.status).toBe(401);
      expect(errorOf(res.json)?.code).toBe('invalid_signature');
    });
  });

  describe('GET /api/feedback', () => {
    it('reads the current verdicts of the quarter by reason, disputed condition and channel', async () => {
      const res = await get('/api/feedback', 'from=2026-07-01&to=2026-09-30');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        from: '2026-07-01',
        to: '2026-09-30',
        ...Q3_EXPECTED.feedback,
        notes: Q3_EXPECTED.feedbackNotes,
      });
    });

    it('lists only the notes of current verdicts decided in the window', async () => {
      const september = await get('/api/feedback', 'from=2026-09-01&to=2026-09-30');
      expect((september.json as { notes: { contactId: string }[] }).notes.map((n) => n.contactId)).toEqual([
        'c11',
        'c2',
      ]);
      // c3's recycled note of August was superseded by its October verdict, which has none.
      const august = await get('/api/feedback', 'from=2026-08-01&to=2026-08-31');
      expect((august.json as { notes: unknown[] }).notes).toEqual([]);
    });

    it('answers CSV in long format, Japanese labels intact', async () => {
      const res = await get('/api/feedback', 'from=2026-07-01&to=2026-09-30&format=csv');
      const lines = res.text.split('\r\n');
      const bytes = await getBytes('/api/feedback', 'from=2026-07-01&to=2026-09-30&format=csv');
      // UTF-8 with a byte-order mark: Excel opens the Japanese labels right.
      expect(bytes.subarray(3).toString('utf8')).toBe(res.text);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(lines[0]).toBe('from,to,dimension,key,label,verdict,count');
      expect(lines).toContain('2026-07-01,2026-09-30,verdict,accepted,,accepted,5');
      expect(lines).toContain('2026-07-01,2026-09-30,reason,no-budget,予算なし,rejected,1');
      expect(lines).toContain('2026-07-01,2026-09-30,reason,legacy-code,旧理由,rejected,1');
      expect(lines).toContain('2026-07-01,2026-09-30,condition,score,リードスコア60以上,rejected,1');
      expect(lines).toContain('2026-07-01,2026-09-30,channel,PAID_SOCIAL,,accepted,3');
      // 3 verdicts + 7 reasons + 7 conditions + 4 channels × 3 verdicts, the header and the final CRLF.
      expect(lines).toHaveLength(1 + 3 + 7 + 7 + 12 + 1);
    });

    it('refuses a missing window', async () => {
      const res = await get('/api/feedback', 'from=2026-07-01');
      expect(res.status).toBe(400);
      expect(errorOf(res.json)?.message).toContain('to');
    });
  });

  describe('GET /api/sla', () => {
    async function referenceSla(from: string, to: string) {
      const { rows } = await test.db.query<{
        kind: 'handoff' | 'verdict';
        clock: 'business' | 'calendar';
        due_at: Date;
        met_at: Date | null;
        met_owner_id: string | null;
        owner_now: string | null;
      }>(
        `SELECT d.kind, d.clock, d.due_at, d.met_at, d.met_owner_id, c.owner_id AS owner_now
           FROM deadlines d JOIN contacts c USING (portal_id, contact_id)`,
      );
      const deadlines = rows.map((r) => ({
        kind: r.kind,
        clock: r.clock,
        dueAt: r.due_at,
        metAt: r.met_at,
        ownerWhenMet: r.met_owner_id,
        ownerNow: r.owner_now,
      }));
      const window = dateWindow(from, to, TZ);
      const now = clock.now();
      // Every definitions version of the fixture has the shipped calendar.
      const late = deadlines
        .filter((d) => inWindow(d.dueAt, window) && isLate(d, now))
        .map((d) => ({
          kind: d.kind,
          clock: createSlaClock(d.clock, harness.core.definitions.calendar),
          dueAt: d.dueAt,
          until: d.metAt ?? now,
          count: 1,
        }));
      return { ...summarizeSla(tallyDeadlines(deadlines, window, now)), lateBy: lateBy(late) };
    }

    it('classifies every episode’s deadlines due in the window, by owner, as the pure reference does', async () => {
      const res = await get('/api/sla', 'from=2026-07-01&to=2026-10-31');
      expect(res.status).toBe(200);
      const expected = await referenceSla('2026-07-01', '2026-10-31');
      expect(res.json).toEqual(expected);
      // Every deadline of the fixture is due in that window: 8 qualification episodes (c3 has two),
      // 4 of them handed off at once by an owner set before qualifying, hence with a verdict deadline.
      const body = res.json as typeof expected;
      expect(body.handoff.due).toBe(8);
      expect(body.verdict.due).toBe(4);
      // The late-by buckets of a kind hold exactly its late and breached deadlines.
      for (const kind of ['handoff', 'verdict'] as const) {
        const bucketed = body.lateBy[kind].reduce((sum, bucket) => sum + bucket.count, 0);
        expect(bucketed).toBe(body[kind].metLate + body[kind].breachedOpen);
      }
    });

    it('reads a met deadline under the owner it closed with, and an open one under the owner now', async () => {
      type Sla = Awaited<ReturnType<typeof referenceSla>>;
      const window = 'from=2026-07-01&to=2026-11-30';
      const sla = async () => (await get('/api/sla', window)).json as Sla;
      const owner = (body: Sla, id: string) => body.byOwner.find((o) => o.ownerId === id);
      const reassign = async (id: string, ownerId: string) => {
        const fixture = Q3_CONTACTS.find((c) => c.id === id);
        await trackContact(
          harness.core,
          PORTAL_ID,
          {
            id,
            properties: { hubspot_owner_id: ownerId, hs_analytics_source: fixture?.channel ?? null },
            history: {},
            createdAt: null,
            updatedAt: null,
          },
          clock.now(),
        );
      };
      const before = await sla();
      // c8 was handed off and judged under 41629780: a new owner today does not move its deadlines.
      await reassign('c8', '41629999');
      expect(owner(await sla(), '41629780')).toEqual(owner(before, '41629780'));
      // c5's handoff has been breached since July; an owner today hands it off, late, under that
      // owner, and opens its verdict deadline (due Tue 24 Nov 10:00 JST; Mon 23rd is a holiday).
      await reassign('c5', '41629999');
      const handedOff = await sla();
      expect(owner(handedOff, '41629999')).toMatchObject({
        handoff: { due: 1, metOnTime: 0, metLate: 1, open: 0, breachedOpen: 0 },
        verdict: { due: 1, metOnTime: 0, metLate: 0, open: 1, breachedOpen: 0 },
      });
      // Reassigned again: the open verdict deadline follows the owner now, the met handoff stays.
      await reassign('c5', '41629998');
      const reassigned = await sla();
      expect(owner(reassigned, '41629999')?.verdict.due).toBe(0);
      expect(owner(reassigned, '41629999')?.handoff.metLate).toBe(1);
      expect(owner(reassigned, '41629998')?.verdict).toEqual({
        due: 1,
        metOnTime: 0,
        metLate: 0,
        open: 1,
        breachedOpen: 0,
      });
      expect(reassigned).toEqual(await referenceSla('2026-07-01', '2026-11-30'));
    });

    it('sorts the late deadlines by how late, in business hours on the SLA calendar', async () => {
      const res = await get('/api/sla', 'from=2026-07-01&to=2026-09-30');
      const { lateBy: buckets } = res.json as {
        lateBy: Record<string, { upToHours: number | null; count: number }[]>;
      };
      // c1's verdict was due Tue 14 Jul 18:00 JST (closing) and given Wed 15 Jul 12:00: 3 business
      // hours late (18 on the wall clock), so up to 4 h.
      expect(buckets.verdict).toEqual([
        { upToHours: 1, count: 0 },
        { upToHours: 4, count: 1 },
        { upToHours: 8, count: 0 },
        { upToHours: 24, count: 0 },
        { upToHours: 72, count: 0 },
        { upToHours: null, count: 0 },
      ]);
      // c5's handoff was due Wed 1 Jul 18:00 JST and is still open on 20 Nov: more than 72 h.
      expect(buckets.handoff?.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1]);
    });

    it('answers CSV with totals and one row per owner and deadline', async () => {
      const res = await get('/api/sla', 'from=2026-07-01&to=2026-10-31&format=csv');
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe('from,to,scope,owner_id,deadline,due,met_on_time,met_late,open,breached_open');
      expect(lines[1]).toMatch(/^2026-07-01,2026-10-31,total,,handoff,8,/);
      const owners = (await referenceSla('2026-07-01', '2026-10-31')).byOwner.length;
      expect(lines.filter((l) => l.includes(',owner,'))).toHaveLength(2 * owners);
    });
  });

  describe('GET /api/sla, lateness on each deadline’s own clock', () => {
    // Deadlines of December only, added after the tests above: a met deadline keeps the calendar
    // of the definitions version it was judged under; a version not on record reads on today's.
    it('measures a met deadline on its version’s calendar, and a wall-clock deadline in wall hours', async () => {
      await test.db.query(
        `INSERT INTO definitions_versions (hash, version, body) VALUES ('no-closures', 'old', $1)`,
        [JSON.stringify({ calendar: { ...harness.core.definitions.calendar, closures: [] } })],
      );
      const deadline = async (
        contactId: string,
        clockKind: string,
        hash: string,
        dueAt: string,
        metAt: string,
      ) =>
        test.db.query(
          `INSERT INTO deadlines (portal_id, contact_id, episode, kind, clock, started_at, due_at, warn_at,
                                  escalate_at, met_at, status, definition_hash)
           VALUES ($1, $2, 1, 'verdict', $3, $4, $4, $4, $4, $5, 'met', $6)`,
          [PORTAL_ID, contactId, clockKind, dueAt, metAt, hash],
        );
      // Due Mon 28 Dec 18:00 JST, met Thu 31 Dec 10:00. Today's calendar is closed 29–31 Dec: 0 h.
      // The old version had no closures: 9 + 9 + 1 = 19 h. On the wall clock, due 18:00 and met
      // 03:00 the next night is 9 h (on the business clock it would be 0).
      await deadline('d-today', 'business', 'not-on-record', '2026-12-28T09:00:00Z', '2026-12-31T01:00:00Z');
      await deadline('d-old', 'business', 'no-closures', '2026-12-28T09:00:00Z', '2026-12-31T01:00:00Z');
      await deadline('d-wall', 'calendar', 'not-on-record', '2026-12-28T09:00:00Z', '2026-12-28T18:00:00Z');
      const res = await get('/api/sla', 'from=2026-12-01&to=2026-12-31');
      const body = res.json as { lateBy: { verdict: { upToHours: number | null; count: number }[] } };
      expect(body.lateBy.verdict).toEqual([
        { upToHours: 1, count: 1 },
        { upToHours: 4, count: 0 },
        { upToHours: 8, count: 0 },
        { upToHours: 24, count: 2 },
        { upToHours: 72, count: 0 },
        { upToHours: null, count: 0 },
      ]);
    });
  });

  describe('GET /api/kpis/tree', () => {
    it('answers 404 not_configured without a kpi section', async () => {
      const res = await get('/api/kpis/tree', 'period=2026-Q4');
      expect(res.status).toBe(404);
      expect(errorOf(res.json)?.code).toBe('not_configured');
    });

    it('refuses a malformed period before anything else', async () => {
      const res = await get('/api/kpis/tree', 'period=2026-Q5');
      expect(res.status).toBe(400);
      expect(errorOf(res.json)?.message).toContain('period');
    });
  });
});
