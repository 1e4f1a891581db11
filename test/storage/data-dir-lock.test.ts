import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DataDirLockedError,
  LOCK_FILE_NAME,
  acquireDataDirLock,
  readDataDirLock,
} from '../../src/storage/data-dir-lock.ts';
import { openDatabase } from '../../src/storage/database.ts';

/** A process id that is certainly not running: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid ?? 999_999;
}

function holdInChild(dataDir: string) {
  const child = spawn(process.execPath, ['test/helpers/hold-data-dir.ts', dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const held = async (): Promise<number> => {
    for (let i = 0; i < 600; i++) {
      const match = /held (\d+)/.exec(stdout);
      if (match) return Number(match[1]);
      if (child.exitCode !== null) throw new Error(`child exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`child never held the folder: ${stderr}`);
  };
  return { child, held, exited };
}

describe('data folder lock (PGlite)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lead-handoff-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the folder with an owner-only lock file naming the pid, and frees it on release', async () => {
    const dataDir = join(dir, 'one');
    await mkdir(dataDir, { recursive: true });
    const lock = await acquireDataDirLock(dataDir);
    const file = join(dataDir, LOCK_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, control: null });
    await expect(acquireDataDirLock(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.publishControl('http://127.0.0.1:4321');
    expect(await readDataDirLock(dataDir)).toMatchObject({
      pid: process.pid,
      control: { url: 'http://127.0.0.1:4321' },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await lock.release();
    expect(await readDataDirLock(dataDir)).toBeNull();
    const again = await acquireDataDirLock(dataDir);
    await again.release();
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = join(dir, 'stale');
    await mkdir(dataDir, { recursive: true });
    const pid = await deadPid();
    await writeFile(
      join(dataDir, LOCK_FILE_NAME),
      JSON.stringify({
        pid,
        hostname: hostname(),
        startedAt: '2026-11-20T00:00:00.000Z',
        token: 'old',
        control: null,
      }),
    );
    expect(await readDataDirLock(dataDir)).toBeNull();
    const lock = await acquireDataDirLock(dataDir);
    expect(lock.info.pid).toBe(process.pid);
    await lock.release();
  });

  it('refuses a second process on the same DATA_DIR with one line naming the folder and the holder pid, then lets it in once the holder is gone', async () => {
    const dataDir = join(dir, 'shared');
    const holder = holdInChild(dataDir);
    const pid = await holder.held();

    const refused = await openDatabase({ dataDir }).then(
      async (db) => {
        await db.close();
        return null;
      },
      (error: unknown) => error,
    );

    expect(refused).toBeInstanceOf(DataDirLockedError);
    const message = (refused as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`DATA_DIR ${dataDir}`);
    expect(message).toContain(`pid ${pid}`);

    // Killed without a chance to clean up: its lock file stays, naming a dead process.
    holder.child.kill('SIGKILL');
    await holder.exited;
    const db = await openDatabase({ dataDir });
    try {
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    } finally {
      await db.close();
    }
  });
});
