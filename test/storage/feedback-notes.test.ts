import { afterAll, beforeAll, expect, it } from 'vitest';
import { dateWindow } from '../../src/domain/local-dates.ts';
import { FEEDBACK_NOTES_SQL, feedbackNotes } from '../../src/storage/marketer-queries.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

const PORTAL = '62515';
const NOVEMBER = dateWindow('2026-11-01', '2026-11-30', 'Asia/Tokyo');

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

describeEachStorage('feedback notes query', (kind) => {
  let test: TestDatabase;
  let seq = 0;

  async function verdict(contactId: string, decidedAt: string, note: string | null, portal = PORTAL) {
    seq += 1;
    await test.db.query(
      `INSERT INTO verdicts (id, portal_id, contact_id, verdict, reason_code, note, decided_at, decided_by,
                             definition_hash)
       VALUES (gen_random_uuid(), $1, $2, 'rejected', 'no-budget', $3, $4, $5, 'h')`,
      [portal, contactId, note, decidedAt, seq % 2 === 0 ? `rep${seq}@example.com` : null],
    );
  }

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    // 60 contacts judged with a note, one a minute from 2026-11-10 00:00 JST.
    for (let i = 0; i < 60; i += 1) {
      const at = new Date(Date.parse('2026-11-09T15:00:00Z') + i * 60_000).toISOString();
      await verdict(`n${i}`, at, `note ${i}`);
    }
    // The newest noted verdict of n59 is superseded by one without a note; n58's by one with.
    await verdict('n59', '2026-11-12T00:00:00Z', null);
    await verdict('n58', '2026-11-12T01:00:00Z', 'changed my mind');
    // White space only is no note; another portal and another month are not counted.
    await verdict('blank', '2026-11-12T02:00:00Z', ' \n\t ');
    await verdict('other', '2026-11-12T03:00:00Z', 'other portal', '99999');
    await verdict('october', '2026-10-31T14:59:59Z', 'last second of October (JST)');
  });
  afterAll(async () => {
    await test.close();
  });

  it('lists the latest current verdicts with a note, newest first, up to the cap', async () => {
    const rows = await feedbackNotes(test.db, PORTAL, NOVEMBER, 50);
    expect(rows).toHaveLength(50);
    expect(rows.slice(0, 3).map((r) => [r.contact_id, r.note])).toEqual([
      ['n58', 'changed my mind'],
      ['n57', 'note 57'],
      ['n56', 'note 56'],
    ]);
    // n59's latest verdict has no note: its older, noted one is not current.
    expect(rows.map((r) => r.contact_id)).not.toContain('n59');
    // n58's new verdict, then n57 down to n9.
    expect(rows.at(-1)?.contact_id).toBe('n9');
    const all = await feedbackNotes(test.db, PORTAL, NOVEMBER, 1000);
    expect(all.map((r) => r.contact_id)).not.toContain('blank');
    expect(all).toHaveLength(59);
  });

  it('reads the partial index of noted verdicts, never the whole table', async () => {
    const rows = await test.db.transaction(async (client) => {
      await client.query('SET LOCAL enable_seqscan = off');
      const explained = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${FEEDBACK_NOTES_SQL}`,
        [PORTAL, NOVEMBER.start, NOVEMBER.end, 50],
      );
      return explained.rows;
    });
    const plan = nodes(rows[0]?.['QUERY PLAN'][0].Plan ?? { 'Node Type': 'none' });
    const onVerdicts = plan.filter((node) => node['Relation Name'] === 'verdicts');
    expect(onVerdicts.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(onVerdicts.map((node) => node['Index Name'])).toContain('verdicts_noted');
  });
});
