// `npm run backfill` while the server runs: on PGlite the command may not open the data folder the
// server holds, so it hands its window to the server and follows it; on PostgreSQL it runs the
// window itself next to the server. Real processes (node server/main.ts, node scripts/backfill.ts)
// against the local fake HubSpot.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHubSpot } from '../../bench/fake-hubspot.ts';
import type { FakeHubSpot } from '../../bench/fake-hubspot.ts';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { POSTGRES_URL } from '../helpers/database.ts';
import { PORTAL_ID } from '../helpers/harness.ts';
import { createTemporaryPostgres } from '../helpers/temporary-postgres.ts';
import type { TemporaryPostgres } from '../helpers/temporary-postgres.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOKEN = 'pat-na1-cli-test';
const FROM = '2026-09-01';
const TO = '2026-10-01';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnNode(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<Run>((resolve) => {
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; exited: Promise<Run> }> {
  const server = spawnNode(['server/main.ts'], { PORT: '0', ...env });
  // Generous: on a shared machine a PGlite boot alone can take a while.
  for (let i = 0; i < 3_600; i++) {
    if (server.stdout().includes('"msg":"listening"')) return server;
    if (server.child.exitCode !== null) throw new Error(`server exited: ${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server never listened: ${server.stderr()}`);
}

async function stopServer(server: { child: ChildProcess; exited: Promise<Run> }): Promise<Run> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** The portal's contacts were loaded at install: this test is about the explicit window only. */
async function markInstalled(db: Database): Promise<void> {
  const at = new Date().toISOString();
  await db.query('INSERT INTO sync_cursors (name, state) VALUES ($1, $2)', [
    `hubspot-install:${PORTAL_ID}`,
    JSON.stringify({
      version: 1,
      state: 'done',
      done: 0,
      total: 0,
      to: at,
      startedAt: at,
      updatedAt: at,
      finishedAt: at,
      note: null,
    }),
  ]);
}

describe('npm run backfill while the server runs', () => {
  let dir: string;
  let fake: FakeHubSpot;
  let expected: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lead-handoff-cli-'));
    fake = await startFakeHubSpot({
      contacts: {
        count: 600,
        seed: 3,
        modifiedFrom: new Date('2026-08-01T00:00:00.000Z'),
        modifiedTo: new Date('2026-11-01T00:00:00.000Z'),
      },
      accessToken: TOKEN,
    });
    expected = fake.contacts.modifiedBetween(Date.parse(FROM), Date.parse(TO)).length;
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const env = (storage: Record<string, string>) => ({
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    HUBSPOT_PORTAL_ID: PORTAL_ID,
    HUBSPOT_API_BASE_URL: fake.url,
    ...storage,
  });

  it('on PGlite, hands its window to the server holding DATA_DIR and follows it to the end', async () => {
    const dataDir = join(dir, 'pglite');
    const setup = await openDatabase({ dataDir });
    await migrate(setup);
    await markInstalled(setup);
    await setup.close();
    const server = await startServer(env({ DATA_DIR: dataDir }));
    try {
      expect(expected).toBeGreaterThan(100);
      const cli = await spawnNode(
        ['scripts/backfill.ts', '--from', FROM, '--to', TO],
        env({ DATA_DIR: dataDir }),
      ).exited;

      expect(cli.stderr).toContain(`The server (pid ${String(server.child.pid)}) holds DATA_DIR ${dataDir}`);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain('Backfill complete.');
      expect(cli.stdout).toContain(`contacts loaded:   ${expected}`);
    } finally {
      expect((await stopServer(server)).code).toBe(0);
    }
    const db = await openDatabase({ dataDir });
    try {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
      expect(rows[0]?.n).toBe(expected);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('refuses a second server on the same DATA_DIR with one line naming the folder and the pid', async () => {
    const dataDir = join(dir, 'twice');
    const first = await startServer({ DATA_DIR: dataDir });
    try {
      const second = await spawnNode(['server/main.ts'], { PORT: '0', DATA_DIR: dataDir }).exited;
      expect(second.code).toBe(1);
      const lines = second.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`DATA_DIR ${dataDir}`);
      expect(lines[0]).toContain(`pid ${String(first.child.pid)}`);
    } finally {
      expect((await stopServer(first)).code).toBe(0);
    }
  }, 300_000);

  it.skipIf(!POSTGRES_URL)(
    'on PostgreSQL, runs the window itself next to the running server',
    async () => {
      const temporary = (await createTemporaryPostgres(POSTGRES_URL ?? '')) as TemporaryPostgres;
      try {
        await migrate(temporary.db);
        await markInstalled(temporary.db);
        const storage = { DATABASE_URL: temporary.url, DATA_DIR: join(dir, 'unused') };
        const server = await startServer(env(storage));
        try {
          const cli = await spawnNode(['scripts/backfill.ts', '--from', FROM, '--to', TO], env(storage))
            .exited;
          expect(cli.code).toBe(0);
          expect(cli.stdout).toContain(`contacts loaded:   ${expected}`);
        } finally {
          expect((await stopServer(server)).code).toBe(0);
        }
        const { rows } = await temporary.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
        expect(rows[0]?.n).toBe(expected);
      } finally {
        await temporary.drop();
      }
    },
    300_000,
  );
});
