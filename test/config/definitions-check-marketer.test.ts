import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KPI = `
kpi:
  period: quarter
  revenueTarget: 120000000
  currency: JPY
  averageDealSize: 3000000
  rates: { leadToMql: 0.25, mqlToSql: 0.4, sqlToOpportunity: 0.5, opportunityToWon: 0.3 }
funnel: { channelProperty: lead_channel }
`;

describe('npm run definitions:check: the marketer sections', () => {
  const run = promisify(execFile);
  const check = (...args: string[]) =>
    run(process.execPath, ['scripts/definitions-check.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'definitions-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says the shipped agreement has no KPI tree and re-qualifies after a recycled verdict only', async () => {
    const { stdout } = await check();
    expect(stdout).toContain(
      'Re-qualification: after a recycled verdict (not after a rejected one), a contact that meets the definition again qualifies anew',
    );
    expect(stdout).toContain(
      'read with every contact: createdate, hs_analytics_source, lifecyclestage, hs_lifecyclestage_opportunity_date, hs_lifecyclestage_customer_date',
    );
    expect(stdout).toContain('KPI tree: not configured (no kpi section)');
  });

  it('reads a kpi section back with the counts each stage needs', async () => {
    const file = join(dir, 'definitions.yaml');
    const shipped = await readFile(join(ROOT, 'config/definitions.yaml'), 'utf8');
    await writeFile(
      file,
      `${shipped.replace('  score: {', '  requalifyAfterRejected: true\n  score: {')}${KPI}`,
    );
    const { stdout } = await check(file);
    expect(stdout).toContain('Re-qualification: after a recycled verdict or a rejected one');
    expect(stdout).toContain('channel = lead_channel');
    expect(stdout).toContain(
      'KPI tree per quarter: revenue target 120,000,000 JPY, average deal 3,000,000 JPY',
    );
    expect(stdout).toContain(
      '  rates: lead → MQL 25%, MQL → SQL 40%, SQL → opportunity 50%, opportunity → won 30%',
    );
    expect(stdout).toContain('  required per quarter: won 40, opportunity 134, sql 268, mql 670, lead 2,680');
  });
});
