import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

// PGlite is one embedded PostgreSQL in one process: two processes opening the same data folder
// corrupt it, without a word. So whoever opens the folder holds a lock file in it, created
// exclusively (O_EXCL) and readable only by its owner (0600): it names the holder's pid and carries
// a random token with which a CLI can hand work to the running server over its loopback control
// port (written into the file once the server listens). A lock left by a process that died is
// taken over; a live holder makes the second process stop with one line naming DATA_DIR and pid.

export const LOCK_FILE_NAME = 'lead-handoff.lock';

export interface DataDirLockInfo {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  /** Proves to the holder's control port that the caller can read this 0600 file. */
  readonly token: string;
  /** The holder's loopback control port, when it serves one (a running server does). */
  readonly control: { readonly url: string } | null;
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  readonly holder: DataDirLockInfo;
  constructor(dataDir: string, holder: DataDirLockInfo) {
    const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
    super(
      `DATA_DIR ${dataDir} is in use by another Lead Handoff process (pid ${holder.pid}${where}, since ${holder.startedAt}): ` +
        'PGlite serves one process only; stop that process, or set DATABASE_URL to share a PostgreSQL ' +
        `(if no such process runs, delete ${join(dataDir, LOCK_FILE_NAME)})`,
    );
    this.holder = holder;
  }
}

export interface DataDirLock {
  readonly path: string;
  readonly info: DataDirLockInfo;
  /** Records the control port in the lock file, for CLIs to find. */
  publishControl(url: string): Promise<void>;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

// The locks this process holds, by absolute folder: the server publishes its control port into
// the lock that openDatabase took, without the database having to carry it around.
const held = new Map<string, DataDirLock>();

function lockPath(dataDir: string): string {
  return join(resolve(dataDir), LOCK_FILE_NAME);
}

function isInfo(value: unknown): value is DataDirLockInfo {
  const info = value as Partial<DataDirLockInfo> | null;
  return typeof info?.pid === 'number' && typeof info.token === 'string' && typeof info.hostname === 'string';
}

async function readInfo(path: string): Promise<DataDirLockInfo | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return isInfo(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Whether the process named by a lock may still be running (another host: assume it is). */
function holderAlive(info: DataDirLockInfo): boolean {
  if (info.hostname !== hostname()) return true;
  if (info.pid === process.pid) return [...held.values()].some((lock) => lock.info.token === info.token);
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else. ESRCH: no such process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function createExclusive(path: string, info: DataDirLockInfo): Promise<boolean> {
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(info)}\n`, 'utf8');
    } finally {
      await file.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Moves a dead holder's lock aside. Two processes may find the same stale lock; only one rename
 * succeeds. If what was moved is not the stale lock any more (a third process took it over in
 * between), it is put back.
 */
async function takeOver(path: string, stale: DataDirLockInfo): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readInfo(aside);
  if (moved !== null && moved.token !== stale.token) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/** Holds the data folder for this process, or throws DataDirLockedError naming the live holder. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const path = lockPath(dataDir);
  let info: DataDirLockInfo = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(24).toString('base64url'),
    control: null,
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await createExclusive(path, info)) {
      const lock: DataDirLock = {
        path,
        get info() {
          return info;
        },
        async publishControl(url) {
          info = { ...info, control: { url } };
          // Written aside then renamed: a reader never sees half a file.
          const temporary = `${path}.${process.pid}.tmp`;
          await writeFile(temporary, `${JSON.stringify(info)}\n`, { encoding: 'utf8', mode: 0o600 });
          await rename(temporary, path);
        },
        async release() {
          held.delete(path);
          const current = await readInfo(path);
          if (current?.token === info.token) await unlink(path).catch(() => undefined);
        },
      };
      held.set(path, lock);
      return lock;
    }
    const holder = await readInfo(path);
    if (holder !== null && holderAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    // Dead holder, or a file cut short by a crash mid-write: take it over.
    if (holder !== null) await takeOver(path, holder);
    else await unlink(path).catch(() => undefined);
  }
  throw new Error(`could not take the lock ${path}: other processes keep taking it`);
}

/** The live holder of a data folder, or null when none holds it (no lock, or a dead holder's). */
export async function readDataDirLock(dataDir: string): Promise<DataDirLockInfo | null> {
  const holder = await readInfo(lockPath(dataDir));
  return holder !== null && holderAlive(holder) ? holder : null;
}

/** The lock this process holds on a data folder, if any. */
export function heldDataDirLock(dataDir: string): DataDirLock | undefined {
  return held.get(lockPath(dataDir));
}
