import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS_FILE, loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import type { DefinitionsIssue } from '../../src/domain/definitions.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => join(ROOT, 'test/fixtures/definitions', name);

async function refused(path: string): Promise<DefinitionsIssue[]> {
  const result = await loadDefinitionsFile(path);
  if (result.ok) throw new Error(`expected ${path} to be refused`);
  return result.error;
}

async function lineContaining(path: string, needle: string): Promise<number> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  return lines.findIndex((line) => line.includes(needle)) + 1;
}

describe('loadDefinitionsFile', () => {
  it('accepts the shipped config/definitions.yaml', async () => {
    const result = await loadDefinitionsFile(join(ROOT, DEFAULT_DEFINITIONS_FILE));
    expect(result.ok && result.value.version).toBe('2026-11');
  });

  it("rejects a typo'd key, naming the file, the key path and its line", async () => {
    const path = fixture('typo-key.yaml');
    expect(await refused(path)).toContainEqual({
      file: path,
      path: 'handoff.verdictWithn',
      line: await lineContaining(path, 'verdictWithn'),
      message: "unknown key 'verdictWithn' (did you mean 'verdictWithin'?)",
    });
  });

  it('rejects a regex that does not compile, naming its key', async () => {
    const path = fixture('bad-regex.yaml');
    const [issue] = await refused(path);
    expect(issue).toMatchObject({
      path: 'mql.attributes[2].matches',
      line: await lineContaining(path, '(Head'),
    });
  });

  it('rejects an unknown operator, naming it and the condition', async () => {
    const path = fixture('unknown-operator.yaml');
    const [issue] = await refused(path);
    expect(issue?.line).toBe(await lineContaining(path, 'gtee'));
    expect(issue?.message).toContain("unknown operator 'gtee' at mql.attributes[1]");
  });

  it('rejects a reason that disputes an unknown condition', async () => {
    const path = fixture('unknown-contradicts.yaml');
    const [issue] = await refused(path);
    expect(issue).toMatchObject({
      path: 'verdicts.rejected[0].contradicts[0]',
      line: await lineContaining(path, '[scor]'),
    });
  });

  it('reports a missing file as an issue, not a throw', async () => {
    const path = join(ROOT, 'test/fixtures/definitions/does-not-exist.yaml');
    expect(await refused(path)).toEqual([{ file: path, path: '', line: null, message: 'file not found' }]);
  });

  it('reports a YAML syntax error with its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'definitions-'));
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'version: "1"\ncalendar:\n  workdays: [mon, tue\n');
    const [issue] = await refused(path);
    expect(issue?.file).toBe(path);
    expect(issue?.line).toBeGreaterThanOrEqual(3);
    expect(issue?.message).toMatch(/^YAML syntax error/);
  });
});

describe('npm run definitions:check', () => {
  const run = promisify(execFile);
  const check = (...args: string[]) =>
    run(process.execPath, ['scripts/definitions-check.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('exits 0 and reads the shipped agreement back in words', async () => {
    const { stdout } = await check();
    expect(stdout).toContain('config/definitions.yaml is valid.');
    expect(stdout).toMatch(/Version 2026-11 \(hash [0-9a-f]{12}\)/);
    expect(stdout).toContain('Timezone Asia/Tokyo; business hours 09:00–18:00 on mon, tue, wed, thu, fri');
    expect(stdout).toContain('[company-size] 従業員50名以上: numemployees ≥ 50');
    expect(stdout).toContain('at least 1 of these 3 behaviours:');
    expect(stdout).toContain('[pricing] 料金ページ閲覧: pricing_page_viewed_at within the last 30 days');
    expect(stdout).toContain(
      'handed to sales within 1d of qualifying (handed off when hubspot_owner_id is set)',
    );
    expect(stdout).toContain('warn 2h before a deadline, escalate 1d after it');
    expect(stdout).toContain(
      'shared with the rep: industry (industry), challenge (challenge), productInterest (product_interest)',
    );
    expect(stdout).toContain('- no-budget: 予算なし (disputes score)');
    expect(stdout).toMatch(/recycled:\n {4}- bad-timing/);
  });

  it('exits 1 and prints every issue as file:line key.path: message', async () => {
    const path = 'test/fixtures/definitions/typo-key.yaml';
    const failure = await check(path).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    const line = await lineContaining(join(ROOT, path), 'verdictWithn');
    expect(failure?.stderr).toContain(
      `${path}:${line} handoff.verdictWithn: unknown key 'verdictWithn' (did you mean 'verdictWithin'?)`,
    );
    expect(failure?.stderr).toContain('2 problems in');
  });
});
