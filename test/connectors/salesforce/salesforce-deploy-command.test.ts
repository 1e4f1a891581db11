import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeployArgs, runSalesforceDeploy } from '../../../scripts/salesforce-deploy.ts';
import { DEPLOY_ID, deployScope, fakeClock, fixture, INSTANCE, succeeded } from './soap-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHIPPED = join(ROOT, 'config/definitions.yaml');
const ENV = {
  DEFINITIONS_FILE: SHIPPED,
  SALESFORCE_INSTANCE_URL: INSTANCE,
  SALESFORCE_ACCESS_TOKEN: 'TEST-ACCESS-TOKEN',
};

async function run(argv: string[], env: Record<string, string> = ENV) {
  const out: string[] = [];
  const err: string[] = [];
  const { now, sleep } = fakeClock();
  const code = await runSalesforceDeploy(
    argv,
    env,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { now, sleep },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('npm run salesforce:deploy', () => {
  it('--out writes the package in Metadata API format without Salesforce, the same on every run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-package-'));
    // No Salesforce settings at all, and nock refuses any connection: nothing is contacted.
    const first = await run(['--out', dir], { DEFINITIONS_FILE: SHIPPED });
    expect(first.code).toBe(0);
    const files = await tree(dir);
    expect([...files.keys()]).toEqual([
      'labels/CustomLabels.labels',
      'lwc/leadHandoff/fieldMap.js',
      'lwc/leadHandoff/labels.js',
      'lwc/leadHandoff/leadHandoff.css',
      'lwc/leadHandoff/leadHandoff.html',
      'lwc/leadHandoff/leadHandoff.js',
      'lwc/leadHandoff/leadHandoff.js-meta.xml',
      'lwc/leadHandoff/leadHandoffView.js',
      'objects/Lead.object',
      'package.xml',
      'permissionsets/Lead_Handoff_Integration.permissionset',
      'permissionsets/Lead_Handoff_Sales.permissionset',
    ]);
    expect(files.get('package.xml')).toBe(
      await readFile(join(ROOT, 'salesforce/generated/package.xml'), 'utf8'),
    );
    expect(first.out).toContain('  CustomField (13): Lead.HubSpot_Contact_Id__c, Lead.SQL_Verdict__c,');
    expect(first.out).toContain('  PermissionSet (2): Lead_Handoff_Sales, Lead_Handoff_Integration');
    expect(first.out).toContain(`Wrote 12 files to ${dir} (Metadata API format, package.xml at its root).`);
    const again = await run(['--out', dir], { DEFINITIONS_FILE: SHIPPED });
    expect(again.code).toBe(0);
    expect(await tree(dir)).toEqual(files);
  });

  it('carries a picklist change of the definitions into the package', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-defs-'));
    const file = join(dir, 'definitions.yaml');
    const shipped = await readFile(SHIPPED, 'utf8');
    await writeFile(
      file,
      shipped.replace(
        '    - { code: unreachable, label: 連絡がつかない }\n',
        '    - { code: unreachable, label: 連絡がつかない }\n    - { code: competitor, label: 競合を採用 }\n',
      ),
    );
    const out = join(dir, 'package');
    expect((await run(['--out', out], { DEFINITIONS_FILE: file })).code).toBe(0);
    const lead = await readFile(join(out, 'objects/Lead.object'), 'utf8');
    expect(lead).toContain('<fullName>competitor</fullName>');
    expect(lead).toContain('<label>競合を採用</label>');
    expect(lead).toMatch(
      /<controllingFieldValue>rejected<\/controllingFieldValue>\s*<valueName>competitor<\/valueName>/,
    );
  });

  it('deploys, then says what it deployed and what an admin must still do', async () => {
    const { scope, deploys } = deployScope({ polls: 3, final: succeeded(), token: 'TEST-ACCESS-TOKEN' });
    const result = await run([]);
    expect(scope.isDone()).toBe(true);
    expect(result.code).toBe(0);
    expect(deploys[0]?.options).toContain('<checkOnly>false</checkOnly>');
    expect(deploys[0]?.files.get('package.xml')).toBe(
      await readFile(join(ROOT, 'salesforce/generated/package.xml'), 'utf8'),
    );
    expect(result.out).toContain(`Deploying to ${INSTANCE} …`);
    expect(result.out).toContain(`  ${DEPLOY_ID}: InProgress (10/138)`);
    expect(result.out).toContain(`Deploy ${DEPLOY_ID}: Succeeded (138/138 components)`);
    expect(result.out).toContain(
      '  created: CustomField Lead.SQL_Verdict__c, LightningComponentBundle leadHandoff, PermissionSet Lead_Handoff_Sales',
    );
    expect(result.out).toContain('  updated: CustomField Lead.SQL_Verdict_Reason__c');
    expect(result.out).toContain('  unchanged: 1');
    expect(result.out).toContain('What an admin must still do in Salesforce:');
    expect(result.out).toContain('"Lead Handoff: sales reps" (Lead_Handoff_Sales)');
    expect(result.out).toContain('"Lead Handoff: integration user" (Lead_Handoff_Integration)');
    expect(result.out).toContain('Edit Page; drag the custom component "Lead Handoff" (leadHandoff)');
    expect(result.out).toMatch(/Activate the page/);
  });

  it('--check-only validates against the org and changes nothing', async () => {
    const { scope, deploys } = deployScope({ polls: 2, final: succeeded(true) });
    const result = await run(['--check-only']);
    expect(scope.isDone()).toBe(true);
    expect(result.code).toBe(0);
    expect(deploys[0]?.options).toContain('<checkOnly>true</checkOnly>');
    expect(result.out).toContain(`Validating against ${INSTANCE} …`);
    expect(result.out).toContain(`Validation ${DEPLOY_ID}: Succeeded`);
    expect(result.out).toContain('Nothing was changed in the org. Run again without --check-only to deploy.');
    expect(result.out).not.toContain('What an admin must still do');
  });

  it('names each component Salesforce refused and exits 1', async () => {
    const { scope } = deployScope({ polls: 2, final: fixture('soap-check-deploy-failed.xml') });
    const result = await run([]);
    expect(scope.isDone()).toBe(true);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`Deploy ${DEPLOY_ID}: Failed (0/138 components)`);
    expect(result.out).toContain(
      "  FAILED CustomField Lead.SQL_Verdict_Reason__c (objects/Lead.object:52): Control field value 'accepted' not found, valid values are [Yes, No]",
    );
    expect(result.out).toContain(
      '  FAILED LightningComponentBundle leadHandoff (lwc/leadHandoff): Field SQL_Verdict_Reason__c does not exist. Check spelling.',
    );
    expect(result.out).toContain('Nothing was deployed (the deploy rolls back on any error).');
  });

  it('says which settings are missing, and refuses definitions it cannot build from', async () => {
    const missing = await run([], { DEFINITIONS_FILE: SHIPPED });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^salesforce:deploy: Salesforce is not configured: set SALESFORCE_INSTANCE_URL/,
    );

    const dir = await mkdtemp(join(tmpdir(), 'sf-bad-'));
    const file = join(dir, 'definitions.yaml');
    await writeFile(file, `${await readFile(SHIPPED, 'utf8')}\nsalesforce:\n  link: HubSpot Contact\n`);
    const bad = await run(['--out', dir], { DEFINITIONS_FILE: file });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /definitions\.yaml:\d+ salesforce\.link: 'HubSpot Contact' is not a Salesforce custom field API name/,
    );
  });
});

describe('parseDeployArgs', () => {
  it('reads the flags, waiting 10 minutes unless told otherwise', () => {
    expect(parseDeployArgs([])).toEqual({ checkOnly: false, out: null, waitMs: 600_000 });
    expect(parseDeployArgs(['--check-only', '--wait', '2.5'])).toEqual({
      checkOnly: true,
      out: null,
      waitMs: 150_000,
    });
    expect(parseDeployArgs(['--out', 'pkg'])).toEqual({ checkOnly: false, out: 'pkg', waitMs: 600_000 });
  });

  it('refuses what it cannot take', () => {
    expect(() => parseDeployArgs(['--out', 'pkg', '--check-only'])).toThrow(
      /--out writes the package without contacting Salesforce/,
    );
    expect(() => parseDeployArgs(['--wait', '0'])).toThrow(/--wait takes minutes above 0/);
    expect(() => parseDeployArgs(['--force'])).toThrow(
      /Unknown option '--force'\n.*usage: npm run salesforce:deploy/,
    );
  });
});
