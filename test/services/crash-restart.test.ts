// "Nothing accepted is lost across a crash": the real server (node server/main.ts) as a child
// process on a PGlite data folder, talking to the local fake HubSpot. The verdict is accepted (201),
// the process is SIGKILLed before its write reached HubSpot, and a restart finishes the write.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHubSpot } from '../../bench/fake-hubspot.ts';
import type { FakeHubSpot } from '../../bench/fake-hubspot.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { CLIENT_SECRET, PORTAL_ID, PUBLIC_BASE_URL, signedHeaders } from '../helpers/harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && typeof entry.port === 'number')
          resolve({ child, port: entry.port, exited });
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      reject(new Error(`server exited ${String(code)} before listening: ${stderr}`));
    });
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('crash and restart between storing a verdict and writing it to HubSpot', () => {
  let fake: FakeHubSpot;
  let dataDir: string;
  let env: Record<string, string>;
  let contactId: string;

  const inspect = async <T>(read: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
    // PGlite serves one process: the server must be down while the test looks.
    const db = await openDatabase({ dataDir });
    try {
      return await read(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    fake = await startFakeHubSpot({
      contacts: { count: 5, modifiedFrom: new Date(Date.now() - 86_400_000), modifiedTo: new Date() },
    });
    contactId = fake.contacts.all()[0]?.id ?? '';
    dataDir = await mkdtemp(join(tmpdir(), 'lead-handoff-crash-'));
    env = {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_PORTAL_ID: PORTAL_ID,
      PUBLIC_BASE_URL,
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-crash-test',
      HUBSPOT_API_BASE_URL: fake.url,
    };
    await inspect(async (db) => {
      await migrate(db);
      // A contact the product tracks (as the ingestion would have stored it).
      await db.query('INSERT INTO contacts (portal_id, contact_id) VALUES ($1, $2)', [PORTAL_ID, contactId]);
      // This portal's contacts were loaded already: the install backfill has nothing to do here.
      const loaded = { version: 1, state: 'done', done: 1, total: 1, to: new Date().toISOString() };
      await db.query('INSERT INTO sync_cursors (name, state) VALUES ($1, $2)', [
        `hubspot-install:${PORTAL_ID}`,
        JSON.stringify({
          ...loaded,
          startedAt: loaded.to,
          updatedAt: loaded.to,
          finishedAt: loaded.to,
          note: null,
        }),
      ]);
    });
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finishes the write after a SIGKILL that came right after the 201', async () => {
    // HubSpot is failing when the verdict arrives: its first write attempt cannot land.
    fake.failNext('batchUpdate', {
      status: 503,
      body: { status: 'error', message: 'Service Unavailable', category: 'SERVICE_UNAVAILABLE' },
    });
    const first = await startServer(env);
    const path = `/api/verdicts?portalId=${PORTAL_ID}&userId=5100001&userEmail=sato%40example.co.jp&appId=1`;
    const body = JSON.stringify({
      contactId,
      verdict: 'accepted',
      reasonCode: 'budget-confirmed',
      note: '導入確定',
    });
    const res = await fetch(`http://127.0.0.1:${first.port}${path}`, {
      method: 'POST',
      headers: signedHeaders('POST', path, body),
      body,
    });
    expect(res.status).toBe(201);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();

    // Killed before anything reached HubSpot; the verdict is stored and its write is still owed.
    expect(fake.stats.batchUpdates.flat().filter((u) => u.id === contactId)).toEqual([]);
    const stored = await inspect(async (db) => {
      const { rows } = await db.query<{ verdict: string; write_back: string; state: string }>(
        `SELECT v.verdict, v.write_back, w.state FROM verdicts v
           JOIN write_backs w ON w.portal_id = v.portal_id AND w.contact_id = v.contact_id`,
      );
      // Killed in the middle of a call, the write is leased to the dead process for 2 minutes;
      // stand in for that wait by expiring the lease, as the clock would.
      await db.query(
        `UPDATE write_backs SET lease_until = now() - interval '1 second' WHERE state = 'in_flight'`,
      );
      return rows;
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ verdict: 'accepted', write_back: 'pending' });
    expect(stored[0]?.state).not.toBe('written');

    const second = await startServer(env);
    await waitFor(() => fake.stats.batchUpdates.flat().some((u) => u.id === contactId), 30_000);
    const written = fake.stats.batchUpdates.flat().filter((u) => u.id === contactId);
    expect(written).toHaveLength(1);
    expect(written[0]?.properties).toMatchObject({
      sql_verdict: 'accepted',
      sql_verdict_reason: 'budget-confirmed',
      sql_verdict_note: '導入確定',
      sql_verdict_by: 'sato@example.co.jp',
    });
    expect(fake.contacts.get(contactId)?.properties['sql_verdict']).toBe('accepted');

    // Stopped gracefully this time: exit 0, and the verdict is recorded as written.
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${second.port}/readyz`)
          .then((r) => r.json() as Promise<{ writeBacks: { pending: number } }>)
          .then((ready) => ready.writeBacks.pending === 0),
      10_000,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const after = await inspect(async (db) => {
      const { rows } = await db.query<{ write_back: string }>('SELECT write_back FROM verdicts');
      return rows;
    });
    expect(after).toEqual([{ write_back: 'written' }]);
  }, 90_000);
});
