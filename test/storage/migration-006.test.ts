import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { POSTGRES_URL, describeEachStorage } from '../helpers/database.ts';
import { createTemporaryPostgres } from '../helpers/temporary-postgres.ts';

const MIGRATIONS = new URL('../../src/storage/migrations/', import.meta.url);

/** Applies (and records) the migrations before 006, as a database of an earlier release has them. */
async function migrateBefore006(db: Database): Promise<void> {
  await db.query(
    'CREATE TABLE schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const files = (await readdir(MIGRATIONS))
    .filter((name) => /^\d{3}-.+\.sql$/.test(name) && name < '006')
    .sort();
  for (const file of files) {
    await db.query(await readFile(new URL(file, MIGRATIONS), 'utf8'));
    await db.query('INSERT INTO schema_migrations (id) VALUES ($1)', [file]);
  }
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

describeEachStorage('migration 006: qualification episodes and funnel facts', (kind) => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (kind === 'pglite') {
      db = await openDatabase({ dataDir: 'memory://' });
      drop = () => db.close();
    } else {
      const temporary = await createTemporaryPostgres(POSTGRES_URL ?? '');
      if (!temporary) throw new Error('PostgreSQL is not reachable');
      db = temporary.db;
      drop = () => temporary.drop();
    }
    await migrateBefore006(db);
    // What an earlier release stored: one qualification and one deadline per contact and kind.
    await db.query(
      `INSERT INTO contacts (portal_id, contact_id, properties, owner_id) VALUES
         ('62515', '1', '{"createdate": "2026-08-31T15:30:00.000Z", "hs_analytics_source": " ORGANIC_SEARCH "}', '41629779'),
         ('62515', '2', '{"createdate": "1780000000000", "hs_analytics_source": ""}', NULL),
         ('62515', '3', '{"createdate": "not a date"}', NULL)`,
    );
    await db.query(
      `INSERT INTO qualifications (portal_id, contact_id, definition_version, definition_hash, qualified_at, grounds) VALUES
         ('62515', '1', '2026-09', 'h1', '2026-09-02T00:00:00Z', '[]'),
         ('62515', '2', '2026-11', 'h2', '2026-11-19T02:00:00Z', '[]')`,
    );
    await db.query(
      `INSERT INTO deadlines (portal_id, contact_id, kind, clock, started_at, due_at, warn_at, escalate_at, met_at,
                              status, definition_hash, next_check_at) VALUES
         ('62515', '1', 'handoff', 'business', '2026-09-02T00:00:00Z', '2026-09-03T00:00:00Z', '2026-09-02T22:00:00Z',
          '2026-09-04T00:00:00Z', '2026-09-02T05:00:00Z', 'met', 'h1', NULL),
         ('62515', '2', 'handoff', 'business', '2026-11-19T02:00:00Z', '2026-11-20T02:00:00Z', '2026-11-20T00:00:00Z',
          '2026-11-24T02:00:00Z', NULL, 'on_track', 'h2', '2026-11-20T00:00:00Z')`,
    );
    await db.query(
      `INSERT INTO sla_alerts (portal_id, contact_id, deadline_kind, alert_kind, started_at, due_at)
       VALUES ('62515', '2', 'handoff', 'due_soon', '2026-11-19T02:00:00Z', '2026-11-20T02:00:00Z')`,
    );
    await db.query(
      `INSERT INTO verdicts (id, portal_id, contact_id, verdict, reason_code, decided_at, definition_hash) VALUES
         ('00000000-0000-4000-8000-000000000001', '62515', '1', 'rejected', 'no-budget', '2026-09-01T00:00:00Z', 'h1'),
         ('00000000-0000-4000-8000-000000000002', '62515', '1', 'accepted', 'budget-confirmed', '2026-09-05T00:00:00Z', 'h1'),
         ('00000000-0000-4000-8000-000000000003', '62515', '3', 'recycled', 'bad-timing', '2026-09-05T00:00:00Z', 'h1')`,
    );
    const result = await migrate(db);
    expect(result.applied).toContain('006-qualification-episodes-and-funnel.sql');
  });
  afterAll(async () => {
    await drop();
  });

  it('makes every existing qualification, deadline and alert episode 1', async () => {
    const { rows: q } = await db.query<{ contact_id: string; episode: number }>(
      'SELECT contact_id, episode FROM qualifications ORDER BY contact_id',
    );
    expect(q).toEqual([
      { contact_id: '1', episode: 1 },
      { contact_id: '2', episode: 1 },
    ]);
    const { rows: d } = await db.query<{ contact_id: string; episode: number; met_owner_id: string | null }>(
      'SELECT contact_id, episode, met_owner_id FROM deadlines ORDER BY contact_id',
    );
    // A met deadline takes the owner known at migration; an open one has none recorded yet.
    expect(d).toEqual([
      { contact_id: '1', episode: 1, met_owner_id: '41629779' },
      { contact_id: '2', episode: 1, met_owner_id: null },
    ]);
    const { rows: a } = await db.query<{ episode: number }>('SELECT episode FROM sla_alerts');
    expect(a).toEqual([{ episode: 1 }]);
  });

  it('keeps alerts unique per episode: the same alert again inserts nothing, another episode’s does', async () => {
    const insert = (episode: number) =>
      db.query(
        `INSERT INTO sla_alerts (portal_id, contact_id, episode, deadline_kind, alert_kind, started_at, due_at)
         VALUES ('62515', '2', $1, 'handoff', 'due_soon', '2026-11-19T02:00:00Z', '2026-11-20T02:00:00Z')
         ON CONFLICT (portal_id, contact_id, episode, deadline_kind, alert_kind) DO NOTHING`,
        [episode],
      );
    expect((await insert(1)).rowCount).toBe(0);
    expect((await insert(2)).rowCount).toBe(1);
  });

  it('links each verdict decided after the qualification to episode 1, and none before it', async () => {
    const { rows } = await db.query<{ id: string; episode: number | null }>(
      'SELECT id, episode FROM verdicts ORDER BY id',
    );
    // Contact 1 was rejected before it qualified (2026-09-01 < 09-02), then accepted after.
    expect(rows.map((r) => r.episode)).toEqual([null, 1, null]);
  });

  it('fills the stage instants of existing contacts from what is stored', async () => {
    const { rows } = await db.query<{
      contact_id: string;
      lead_at: Date | null;
      channel: string | null;
      mql_at: Date | null;
      mql_version: string | null;
      verdict: string | null;
      sql_at: Date | null;
    }>(
      'SELECT contact_id, lead_at, channel, mql_at, mql_version, verdict, sql_at FROM contact_stages ORDER BY contact_id',
    );
    expect(
      rows.map((r) => [
        r.contact_id,
        iso(r.lead_at),
        r.channel,
        iso(r.mql_at),
        r.mql_version,
        r.verdict,
        iso(r.sql_at),
      ]),
    ).toEqual([
      [
        '1',
        '2026-08-31T15:30:00.000Z',
        'ORGANIC_SEARCH',
        '2026-09-02T00:00:00.000Z',
        '2026-09',
        'accepted',
        '2026-09-05T00:00:00.000Z',
      ],
      ['2', '2026-05-28T20:26:40.000Z', null, '2026-11-19T02:00:00.000Z', '2026-11', null, null],
      // An unreadable creation date stays empty rather than failing the upgrade.
      ['3', null, null, null, null, 'recycled', null],
    ]);
  });
});
