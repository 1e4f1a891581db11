import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSalesforceCheck } from '../../../scripts/salesforce-check.ts';
import { BASE, connectScope, DESCRIBE, INSTANCE, json, org } from './rest-fixtures.ts';

const ENV = {
  DEFINITIONS_FILE: fileURLToPath(new URL('../../../config/definitions.yaml', import.meta.url)),
  SALESFORCE_INSTANCE_URL: INSTANCE,
  SALESFORCE_ACCESS_TOKEN: '00D5g00000LhOrg!AQ4AQ.test-access-token',
};

async function run(env: Record<string, string> = ENV) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSalesforceCheck(env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run salesforce:check', () => {
  it('connects, describes Lead and says every field is fine', async () => {
    const scope = connectScope();
    const result = await run();
    expect(scope.isDone()).toBe(true);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Connected to ${INSTANCE} (API 62.0) as user 0055g00000LhIntAAB`);
    expect(result.out).toContain('API requests in the last 24 hours: 25 of 15,000.');
    expect(result.out).toMatch(/ok +HubSpot_Contact_Id__c +link/);
    expect(result.out).toContain('Every field of the map is there, of the right type, and writable.');
  });

  it('names each missing or mistyped field, says how to add it, and exits 1', async () => {
    const describe = DESCRIBE();
    describe.fields = describe.fields
      .filter((f) => f.name !== 'SQL_Verdict_Due_At__c')
      .map((f) => (f.name === 'MQL_Qualified_At__c' ? { ...f, type: 'date' } : f));
    const scope = connectScope(describe);
    const result = await run();
    expect(scope.isDone()).toBe(true);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/missing +SQL_Verdict_Due_At__c +verdictDueAt/);
    expect(result.out).toMatch(/mistyped +MQL_Qualified_At__c +qualifiedAt/);
    expect(result.out).toContain(
      'MQL_Qualified_At__c (qualifiedAt): is a date field, expected datetime (DateTime)',
    );
    expect(result.out).toContain('2 problems.');
    expect(result.out).toContain('npm run salesforce:deploy');
    expect(result.out).toContain('Lead_Handoff_Integration');
  });

  it('says what is not configured, and why it could not connect', async () => {
    const unconfigured = await run({ DEFINITIONS_FILE: ENV.DEFINITIONS_FILE });
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.err).toMatch(
      /^salesforce:check: Salesforce is not configured: set SALESFORCE_INSTANCE_URL/,
    );
    const refused = org().get(`${BASE}/`).reply(401, json('invalid-session-401.json'));
    const revoked = await run();
    expect(refused.isDone()).toBe(true);
    expect(revoked.code).toBe(1);
    expect(revoked.err).toBe(
      'salesforce:check: could not connect (auth_revoked): INVALID_SESSION_ID: Session expired or invalid',
    );
  });
});
