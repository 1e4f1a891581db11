import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { StorageError } from '../../src/storage/storage-error.ts';

// The embedded database's folder on disk: private to the service's user, and a damaged or unusable
// folder refused with a sentence that says what is wrong with it.

async function modes(root: string): Promise<{ path: string; mode: number; dir: boolean }[]> {
  const found: { path: string; mode: number; dir: boolean }[] = [];
  const walk = async (path: string) => {
    const stat = await lstat(path);
    found.push({ path, mode: stat.mode & 0o777, dir: stat.isDirectory() });
    if (stat.isDirectory()) for (const entry of await readdir(path)) await walk(join(path, entry));
  };
  await walk(root);
  return found;
}

describe('the PGlite data folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lead-handoff-folder-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is created 0700, with no file or folder inside that anyone but its owner can read or write', async () => {
    const dataDir = join(dir, 'fresh', 'data');
    const db = await openDatabase({ dataDir });
    await db.query('CREATE TABLE written_later (n int)');
    await db.close();
    const entries = await modes(dataDir);
    expect(entries.length).toBeGreaterThan(100);
    expect(entries[0]).toMatchObject({ path: dataDir, mode: 0o700 });
    expect(entries.filter((entry) => (entry.mode & 0o077) !== 0)).toEqual([]);
  });

  it('refuses a path it cannot create, naming the folder and the cause', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const opened = openDatabase({ dataDir: join(file, 'data') });
    await expect(opened).rejects.toBeInstanceOf(StorageError);
    await expect(opened).rejects.toThrow(
      `cannot use ${join(file, 'data')} as the PGlite data folder: ENOTDIR`,
    );
  });

  it("refuses a damaged folder with PostgreSQL's own reason, on one line, with the real path", async () => {
    const damaged = join(dir, 'damaged');
    await mkdir(damaged);
    await writeFile(join(damaged, 'PG_VERSION'), 'garbage\n');
    const error = await openDatabase({ dataDir: damaged }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StorageError);
    const message = (error as StorageError).message;
    expect(message).toMatch(new RegExp(`^cannot open the PGlite data folder ${damaged}: \\S`));
    expect(message).toContain(damaged);
    expect(message).not.toContain('/pglite/data');
    expect(message).not.toContain('\n');
  });
});
