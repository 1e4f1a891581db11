import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { seedContact } from '../helpers/scenario.ts';

interface Row {
  contact_id: string;
  kind: string;
  due_at: Date;
  warn_at: Date;
  escalate_at: Date;
  met_at: Date | null;
  status: string;
  definition_hash: string;
  next_check_at: Date | null;
}

describeEachStorage('a definitions change recomputes open deadlines', (kind) => {
  let test: TestDatabase;
  let dir: string;
  let first: Harness;
  const clock = new FakeClock('2026-11-20T01:00:00.000Z');

  const deadlines = async (): Promise<Map<string, Row>> => {
    const { rows } = await test.db.query<Row>(
      `SELECT contact_id, kind, due_at, warn_at, escalate_at, met_at, status, definition_hash, next_check_at
         FROM deadlines ORDER BY contact_id, kind`,
    );
    return new Map(rows.map((r) => [`${r.contact_id}/${r.kind}`, r]));
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), 'definitions-'));
    first = await createHarness({ db: test.db, clock });
    // 901: handoff open. 902: handed off (handoff met, verdict open).
    await seedContact(first.core, '901');
    await seedContact(first.core, '902', { ownerId: '41629779' });
  });
  afterAll(async () => {
    await first.stop();
    await test.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-plans open deadlines from their start with the new durations and leaves met ones alone', async () => {
    const before = await deadlines();
    const openHandoff = before.get('901/handoff');
    const metHandoff = before.get('902/handoff');
    const openVerdict = before.get('902/verdict');
    expect(openHandoff?.met_at).toBeNull();
    expect(metHandoff?.met_at).not.toBeNull();
    expect(openVerdict?.met_at).toBeNull();

    // The agreement changes: hand-off within 2 business days (was 1), verdict within 3 (was 2).
    const base = await readFile(new URL('../../config/definitions.yaml', import.meta.url), 'utf8');
    const changed = base
      .replace('version: "2026-11"', 'version: "2026-12"')
      .replace(/within: 1d/, 'within: 2d')
      .replace(/verdictWithin: 2d/, 'verdictWithin: 3d');
    expect(changed).not.toBe(base);
    const file = join(dir, 'definitions.yaml');
    await writeFile(file, changed);
    const second = await createHarness({ db: test.db, clock, env: { DEFINITIONS_FILE: file } });
    await second.stop();

    const after = await deadlines();
    const handoff = after.get('901/handoff');
    const verdict = after.get('902/verdict');
    // Started Fri 2026-11-20 10:00 JST; Mon 23rd is a holiday (勤労感謝の日): +1d = Tue 10:00,
    // +2d = Wed 25th 10:00 (warned 2 business hours before: Tue 17:00); +3d (verdict) = Thu 26th 10:00 JST.
    expect(openHandoff?.due_at.toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect(handoff?.due_at.toISOString()).toBe('2026-11-25T01:00:00.000Z');
    expect(handoff?.warn_at.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(handoff?.next_check_at?.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(handoff?.definition_hash).toBe(second.core.definitions.hash);
    expect(verdict?.due_at.toISOString()).toBe('2026-11-26T01:00:00.000Z');
    // The met deadline keeps the deadline it was judged against.
    expect(after.get('902/handoff')).toEqual(metHandoff);
    expect(second.core.definitions.hash).not.toBe(first.core.definitions.hash);
  });
});
