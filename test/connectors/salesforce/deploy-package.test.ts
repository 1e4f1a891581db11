import { readFileSync } from 'node:fs';
import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { deployPackage } from '../../../src/connectors/salesforce/metadata/deploy-package.ts';
import type { DeployProgress } from '../../../src/connectors/salesforce/metadata/deploy-package.ts';
import { buildLeadPagePackage } from '../../../src/connectors/salesforce/metadata/lead-page-package.ts';
import {
  readLwcSources,
  zipPackageFiles,
} from '../../../src/connectors/salesforce/metadata/package-files.ts';
import { formatIssues, parseDefinitions } from '../../../src/domain/definitions.ts';
import {
  DEPLOY_ID,
  deployScope,
  fakeClock,
  fixture,
  INSTANCE,
  soapFault,
  succeeded,
} from './soap-fixtures.ts';

const SHIPPED = readFileSync(new URL('../../../config/definitions.yaml', import.meta.url), 'utf8');
const defs = parseDefinitions(SHIPPED, 'defs.yaml');
if (!defs.ok) throw new Error(formatIssues(defs.error));
const pkg = buildLeadPagePackage(defs.value, { apiVersion: '62.0', lwcSources: await readLwcSources() });
if (!pkg.ok) throw new Error(pkg.error.join('\n'));
const ZIP = zipPackageFiles(pkg.value.files);

function connection(): Connection {
  return new jsforce.Connection({ instanceUrl: INSTANCE, accessToken: 'TEST-ACCESS-TOKEN', version: '62.0' });
}

// jsforce's MetadataApi.pollTimeout (src/api/metadata.ts): what DeployResultLocator.complete() gives up after.
const JSFORCE_DEFAULT_POLL_TIMEOUT_MS = 10_000;

describe('deployPackage (Metadata API deploy + checkDeployStatus through jsforce)', () => {
  it('deploys the zip, polls past InProgress for longer than jsforce would wait, and reports what deployed', async () => {
    const { scope, deploys, checks } = deployScope({
      polls: 8,
      final: succeeded(),
      token: 'TEST-ACCESS-TOKEN',
    });
    const { clock, now, sleep } = fakeClock();
    const start = clock.now;
    const progress: DeployProgress[] = [];
    const result = await deployPackage(connection(), ZIP, {
      checkOnly: false,
      now,
      sleep,
      onProgress: (p) => progress.push(p),
    });
    expect(scope.isDone()).toBe(true);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Seven InProgress answers 2 s apart: 16 s, past jsforce's own 10 s polling timeout.
    expect(clock.sleeps).toEqual(Array.from({ length: 8 }, () => 2000));
    expect(clock.now - start).toBeGreaterThan(JSFORCE_DEFAULT_POLL_TIMEOUT_MS);
    expect(progress.map((p) => [p.status, p.componentsDeployed, p.componentsTotal])).toEqual(
      [10, 20, 30, 40, 50, 60, 70].map((n) => ['InProgress', n, 138]),
    );
    expect(result.value).toMatchObject({
      id: DEPLOY_ID,
      status: 'Succeeded',
      success: true,
      checkOnly: false,
      componentsDeployed: 138,
      componentsTotal: 138,
      failures: [],
      errorMessage: null,
    });
    expect(result.value.components).toEqual([
      { type: 'CustomField', fullName: 'Lead.SQL_Verdict__c', created: true, changed: true },
      { type: 'CustomField', fullName: 'Lead.SQL_Verdict_Reason__c', created: false, changed: true },
      { type: 'CustomLabel', fullName: 'LeadHandoff_en_title', created: false, changed: false },
      { type: 'LightningComponentBundle', fullName: 'leadHandoff', created: true, changed: true },
      { type: 'PermissionSet', fullName: 'Lead_Handoff_Sales', created: true, changed: true },
    ]);
    // The deploy carried the package itself, package.xml at the zip's root.
    const [sent] = deploys;
    expect(sent?.files).toEqual(pkg.value.files);
    expect(sent?.options).toBe(
      '<checkOnly>false</checkOnly><ignoreWarnings>false</ignoreWarnings><rollbackOnError>true</rollbackOnError><singlePackage>true</singlePackage>',
    );
    // Every poll asks for this deploy with its details (componentSuccesses and componentFailures).
    expect(checks).toHaveLength(8);
    for (const body of checks) {
      expect(body).toContain(
        `<checkDeployStatus><asyncProcessId>${DEPLOY_ID}</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus>`,
      );
    }
  });

  it('validates without deploying when asked for a check-only deploy', async () => {
    const { scope, deploys } = deployScope({ polls: 2, final: succeeded(true) });
    const { now, sleep } = fakeClock();
    const result = await deployPackage(connection(), ZIP, { checkOnly: true, now, sleep });
    expect(scope.isDone()).toBe(true);
    expect(deploys[0]?.options).toContain('<checkOnly>true</checkOnly>');
    expect(result.ok && result.value).toMatchObject({ checkOnly: true, success: true, status: 'Succeeded' });
  });

  it('reports a failed deploy component by component', async () => {
    const { scope } = deployScope({ polls: 3, final: fixture('soap-check-deploy-failed.xml') });
    const { now, sleep } = fakeClock();
    const result = await deployPackage(connection(), ZIP, { checkOnly: false, now, sleep });
    expect(scope.isDone()).toBe(true);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ status: 'Failed', success: false, componentsDeployed: 0 });
    expect(result.value.failures).toEqual([
      {
        type: 'CustomField',
        fullName: 'Lead.SQL_Verdict_Reason__c',
        fileName: 'objects/Lead.object',
        // The wording of a real dependent-picklist deploy failure (forcedotcom/cli#155).
        problem: "Control field value 'accepted' not found, valid values are [Yes, No]",
        line: 52,
      },
      {
        type: 'LightningComponentBundle',
        fullName: 'leadHandoff',
        fileName: 'lwc/leadHandoff',
        problem: 'Field SQL_Verdict_Reason__c does not exist. Check spelling.',
        line: null,
      },
    ]);
  });

  it('stops waiting at its own timeout and says the deploy goes on in Salesforce', async () => {
    const { checks } = deployScope({ polls: 16, final: fixture('soap-check-deploy-failed.xml') });
    const { now, sleep } = fakeClock();
    const result = await deployPackage(connection(), ZIP, {
      checkOnly: false,
      now,
      sleep,
      pollIntervalMs: 5_000,
      pollTimeoutMs: 60_000,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        provider: 'salesforce',
        id: DEPLOY_ID,
        message: `deploy ${DEPLOY_ID} is still InProgress after 60 s; it goes on in Salesforce (Setup → Deployment Status)`,
      },
    });
    // One poll every 5 s for 60 s; the rest of the scripted answers were never asked for.
    expect(checks).toHaveLength(12);
  });

  it('maps a refused session to auth_revoked and a missing permission to validation', async () => {
    const { now, sleep } = fakeClock();
    const session = soapFault('soap-fault-invalid-session.xml');
    const revoked = await deployPackage(connection(), ZIP, { checkOnly: false, now, sleep });
    expect(session.isDone()).toBe(true);
    expect(!revoked.ok && revoked.error.code).toBe('auth_revoked');
    expect(!revoked.ok && revoked.error.message).toMatch(
      /^INVALID_SESSION_ID: INVALID_SESSION_ID: Invalid Session ID/,
    );

    const access = soapFault('soap-fault-insufficient-access.xml');
    const refused = await deployPackage(connection(), ZIP, { checkOnly: false, now, sleep });
    expect(access.isDone()).toBe(true);
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'validation',
      message: expect.stringContaining(
        'requires a user with the ModifyAllData or ModifyMetadata permissions',
      ) as string,
    });
  });
});
