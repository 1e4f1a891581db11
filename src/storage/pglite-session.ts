import { constants } from 'node:fs';
import { access, chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { describeFailure } from '../logging/describe-failure.ts';
import { StorageError } from './storage-error.ts';

// PGlite is one PostgreSQL backend: one session for the whole process. We talk to it with `pg`, the
// same driver and SQL as on PostgreSQL, through PGlite's in-process node-postgres connection (no
// socket, nothing listening). Because there is only one session, there is only one client, kept
// for the life of the database: a failed statement leaves it usable (as on PostgreSQL), and the
// driver's record of which named statements are prepared always matches the session's. (A pool
// used to drop its connection after any failed query; the next connection prepared the card's
// named statement again in the same session and every later card failed with 42P05.)

/** The one client, lent to one caller at a time: a transaction must not see anyone else's statements. */
export interface Session {
  lease(): Promise<{ readonly client: pg.Client; readonly release: () => void }>;
  close(): Promise<void>;
}

const CLOSE_WAIT_MS = 2_000;

export async function openPgliteSession(dataDir: string): Promise<Session> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await prepareDataDir(dataDir);
  // A lock that keeps a second process off this folder belongs here: after the folder exists,
  // before PGlite opens its files.
  const stderr: string[] = [];
  let opening = true;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, {
      // PostgreSQL says why it cannot start (FATAL/PANIC lines) on stderr; PGlite only "Aborted()".
      onStderr: (text) => {
        if (opening) stderr.push(text);
        return true;
      },
    });
  } catch (error) {
    throw new StorageError(
      'pglite',
      `cannot open the PGlite data folder ${dataDir}: ${whyNotStarted(stderr, error, dataDir)}`,
      {
        cause: error,
      },
    );
  }
  opening = false;
  if (!inMemory) await keepPrivate(dataDir);

  const client = new pg.Client(createPgConfig(pglite));
  // A failure of PGlite itself (not of a statement) fails the queries in flight and leaves the client
  // unusable; the next statements fail too, and /readyz says so.
  client.on('error', () => undefined);
  await client.connect();

  let tail: Promise<void> = Promise.resolve();
  const lease = () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = tail.then(() => ({ client, release }));
    tail = tail.then(() => held);
    return turn;
  };
  return {
    lease,
    async close() {
      // Wait for the statement or transaction in progress, not for ever: shutdown has a budget.
      const idle = lease().then(({ release }) => {
        release();
      });
      await Promise.race([idle, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
      await client.end().catch(() => undefined);
      await pglite.close();
    },
  };
}

/** The folder exists, is a folder we can write to, and (when it is ours) only we can enter it. */
async function prepareDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await access(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StorageError(
      'pglite',
      `cannot use ${dataDir} as the PGlite data folder: ${describeFailure(error)}`,
      {
        cause: error,
      },
    );
  }
}

// PGlite unpacks a fresh database with every file world-writable (0666); PostgreSQL itself creates
// files 0600. Owner-only, like PostgreSQL's own data directories: folders 0700, files 0600. Best
// effort: a folder someone else owns (a volume shared through its group) is left as it is.
async function keepPrivate(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => null);
  // Gone already (PostgreSQL removes files as it runs), or a link we leave alone.
  if (!stat || stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) {
    await chmod(path, stat.mode & 0o700).catch(() => undefined);
  }
  if (!stat.isDirectory()) return;
  const entries = await readdir(path).catch(() => []);
  for (const entry of entries) await keepPrivate(join(path, entry));
}

/**
 * PostgreSQL's FATAL or PANIC line (and its DETAIL), or else its last word on stderr, when there
 * is one; the thrown error otherwise. Paths are PGlite's virtual ones: say the real folder.
 */
function whyNotStarted(stderr: readonly string[], error: unknown, dataDir: string): string {
  const lines = stderr.flatMap((text) => text.split('\n')).map((line) => line.trim());
  const real = (text: string) => text.replaceAll('/pglite/data', dataDir);
  const fatal = lines.findLastIndex((line) => /\b(FATAL|PANIC):/.test(line));
  if (fatal !== -1) {
    const reason = (lines[fatal] ?? '').replace(/^.*\b(FATAL|PANIC):\s*/, '');
    const next = lines[fatal + 1] ?? '';
    const detail = next.includes('DETAIL:') ? `: ${next.replace(/^.*DETAIL:\s*/, '')}` : '';
    return describeFailure(real(`${reason}${detail}`));
  }
  const last = lines.findLast((line) => line !== '' && !/^Aborted\(/.test(line));
  return describeFailure(last ? real(last.replace(/^postgres:\s*/, '')) : error);
}
