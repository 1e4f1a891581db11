import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startServer, stderrLines } from '../helpers/child-server.ts';
import type { Run } from '../helpers/child-server.ts';
import { POSTGRES_URL } from '../helpers/database.ts';
import { startGate, startPasswordRefusingPostgres, unusedPort } from '../helpers/fake-postgres.ts';
import { createTemporaryPostgres } from '../helpers/temporary-postgres.ts';
import type { TemporaryPostgres } from '../helpers/temporary-postgres.ts';

// Every way the start command can fail on its environment exits non-zero with ONE line on stderr
// that names the variable to fix and the cause: no stack trace, no `[object Object]`.

const BOOTING = BOOT_TIMEOUT_MS + 20_000;

function expectOneLine(run: Run, variable: string, cause: RegExp): string {
  expect(run.code).toBe(1);
  const lines = stderrLines(run);
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line).toMatch(new RegExp(`^lead-handoff failed to start: ${variable}: `));
  expect(line).toMatch(cause);
  expect(line).not.toMatch(/\[object Object\]|\bat .+:\d+:\d+/);
  expect(run.stdout).not.toMatch(/"stack"/);
  return line;
}

describe('npm start refuses its environment in one line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lead-handoff-boot-fail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'names PORT when the port is already in use, after booting everything else',
    async () => {
      const taken: Server = createServer();
      await new Promise<void>((resolve) => taken.listen(0, resolve));
      const { port } = taken.address() as AddressInfo;
      try {
        const run = await startServer({ PORT: String(port), DATA_DIR: join(dir, 'port') }).exited;
        const line = expectOneLine(
          run,
          'PORT',
          new RegExp(`port ${port} is already in use \\(EADDRINUSE\\)`),
        );
        expect(line).not.toContain('listening');
        expect(run.stdout).not.toContain('"msg":"listening"');
      } finally {
        await new Promise<void>((resolve) =>
          taken.close(() => {
            resolve();
          }),
        );
      }
    },
    BOOTING,
  );

  it(
    'names DATA_DIR when the folder cannot be created',
    async () => {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a folder');
      const run = await startServer({ PORT: '0', DATA_DIR: join(file, 'data') }).exited;
      expectOneLine(run, 'DATA_DIR', /as the PGlite data folder: ENOTDIR: not a directory/);
    },
    BOOTING,
  );

  it(
    'names DATA_DIR and what PostgreSQL found wrong in a damaged folder',
    async () => {
      const damaged = join(dir, 'damaged');
      await mkdir(damaged);
      await writeFile(join(damaged, 'PG_VERSION'), 'garbage\n');
      const run = await startServer({ PORT: '0', DATA_DIR: damaged }).exited;
      expectOneLine(run, 'DATA_DIR', new RegExp(`cannot open the PGlite data folder ${damaged}: \\S`));
    },
    BOOTING,
  );

  it(
    'names DATABASE_URL when it is not a URL, without printing it',
    async () => {
      const run = await startServer({ PORT: '0', DATABASE_URL: 'postgres://leads:pw@db:port/leads' }).exited;
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('DATABASE_URL: must be a URL like postgres://');
      expect(run.stderr).not.toContain('pw@');
    },
    BOOTING,
  );

  it(
    'names DATABASE_URL and the refusal at once when PostgreSQL refuses the password, without the password',
    async () => {
      const fake = await startPasswordRefusingPostgres('leads', 'pw-never-logged');
      try {
        const run = await startServer({ PORT: '0', DATABASE_URL: fake.url }).exited;
        expectOneLine(run, 'DATABASE_URL', /password authentication failed for user "leads" \(28P01\)/);
        expect(run.stdout + run.stderr).not.toContain('pw-never-logged');
        expect(fake.connections()).toBe(1);
      } finally {
        await fake.close();
      }
    },
    BOOTING,
  );

  it(
    'waits DATABASE_WAIT_SECONDS for a PostgreSQL that is not up, logging each try, then names DATABASE_URL',
    async () => {
      const port = await unusedPort();
      const run = await startServer({
        PORT: '0',
        DATABASE_URL: `postgres://leads:pw-never-logged@127.0.0.1:${port}/leads`,
        DATABASE_WAIT_SECONDS: '3',
      }).exited;
      expectOneLine(run, 'DATABASE_URL', /not accepting connections after waiting 3 s: connect ECONNREFUSED/);
      const tries = run.stdout
        .split('\n')
        .filter((line) => line.includes('is not accepting connections yet'));
      expect(tries.length).toBeGreaterThanOrEqual(2);
      for (const line of tries) {
        const entry = JSON.parse(line) as { level?: unknown; attempt?: unknown };
        expect(entry.level).toBe(40);
        expect(typeof entry.attempt).toBe('number');
      }
      expect(run.stdout + run.stderr).not.toContain('pw-never-logged');
    },
    BOOTING,
  );

  it(
    'exits 0 on SIGTERM while waiting for PostgreSQL',
    async () => {
      const port = await unusedPort();
      const server = startServer({
        PORT: '0',
        DATABASE_URL: `postgres://leads@127.0.0.1:${port}/leads`,
        DATABASE_WAIT_SECONDS: '600',
      });
      await server.logged(/is not accepting connections yet/);
      const run = await server.stop('SIGTERM');
      expect(run.code).toBe(0);
      expect(run.afterSignalMs).toBeLessThan(10_000);
      expect(run.stderr).toBe('');
    },
    BOOTING,
  );

  describe.runIf(POSTGRES_URL)('with PostgreSQL', () => {
    let temporary: TemporaryPostgres;
    beforeAll(async () => {
      const created = await createTemporaryPostgres(POSTGRES_URL ?? '', 'lead_handoff_boot');
      if (!created) throw new Error(`${POSTGRES_URL ?? ''} is not reachable`);
      temporary = created;
    });
    afterAll(async () => {
      await temporary.drop();
    });

    it(
      'boots once a PostgreSQL that was down comes up within the wait',
      async () => {
        const target = new URL(temporary.url);
        const gate = await startGate({ host: target.hostname, port: Number(target.port || 5432) });
        const late = new URL(temporary.url);
        late.host = `127.0.0.1:${gate.port}`;
        try {
          const server = startServer({
            PORT: '0',
            DATABASE_URL: late.toString(),
            DATABASE_WAIT_SECONDS: '120',
          });
          await server.logged(/is not accepting connections yet/);
          gate.open();
          const listening = await server.listening();
          const ready = await fetch(`http://127.0.0.1:${listening}/readyz`);
          expect(ready.status).toBe(200);
          const run = await server.stop('SIGTERM');
          expect(run.code).toBe(0);
          expect(run.afterSignalMs).toBeLessThan(10_000);
        } finally {
          await gate.close();
        }
      },
      BOOTING,
    );
  });
});
