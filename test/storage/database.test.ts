import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../src/storage/migrate.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

describeEachStorage('database and migrations', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test.close();
  });

  it('applies every migration once and records it', async () => {
    const { rows } = await test.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((row) => row.id)).toContain('001-initial.sql');
    const again = await migrate(test.db);
    expect(again.applied).toEqual([]);
  });

  it('round-trips UTF-8 Japanese text and JSON', async () => {
    await test.db.query(`INSERT INTO contacts (portal_id, contact_id, properties) VALUES ('1', 'utf8', $1)`, [
      JSON.stringify({ jobtitle: '営業本部長 🚀' }),
    ]);
    const { rows } = await test.db.query<{ properties: { jobtitle: string } }>(
      `SELECT properties FROM contacts WHERE contact_id = 'utf8'`,
    );
    expect(rows[0]?.properties.jobtitle).toBe('営業本部長 🚀');
  });

  it('keeps a transaction isolated and rolls it back on error', async () => {
    await expect(
      test.db.transaction(async (client) => {
        await client.query(`INSERT INTO contacts (portal_id, contact_id) VALUES ('1', 'rolled-back')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await test.db.query(`SELECT 1 FROM contacts WHERE contact_id = 'rolled-back'`);
    expect(rows).toHaveLength(0);
  });

  it('answers concurrent queries from a pool without mixing transactions', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        test.db.transaction(async (client) => {
          await client.query(`INSERT INTO contacts (portal_id, contact_id) VALUES ('2', $1)`, [`c${i}`]);
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM contacts WHERE portal_id = '2' AND contact_id = $1`,
            [`c${i}`],
          );
          return rows[0]?.n;
        }),
      ),
    );
    expect(results.every((n) => n === 1)).toBe(true);
  });
});

describeEachStorage('database under concurrent load', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test.close();
  });

  it('runs parameterised queries and transactions from many callers at once without a protocol error', async () => {
    // PGlite is one session: interleaved extended-protocol messages from two connections used to
    // fail with "unnamed prepared statement does not exist".
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? test.db.query('INSERT INTO contacts (portal_id, contact_id, properties) VALUES ($1, $2, $3)', [
            'load',
            `q${i}`,
            JSON.stringify({ n: i }),
          ])
        : test.db.transaction(async (client) => {
            await client.query('INSERT INTO contacts (portal_id, contact_id) VALUES ($1, $2)', [
              'load',
              `t${i}`,
            ]);
            // A plain db.query inside the transaction joins it rather than waiting for a connection.
            await test.db.query(
              'UPDATE contacts SET owner_id = $1 WHERE portal_id = $2 AND contact_id = $3',
              ['o', 'load', `t${i}`],
            );
          }),
    );
    const results = await Promise.allSettled(work);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const { rows } = await test.db.query<{ n: number; owned: number }>(
      `SELECT count(*)::int AS n, count(owner_id)::int AS owned FROM contacts WHERE portal_id = 'load'`,
    );
    expect(rows[0]).toEqual({ n: 40, owned: 20 });
  });
});
