import { describe, expect, it } from 'vitest';
import { checkLeadFields } from '../../../src/connectors/salesforce/lead-describe.ts';
import type {
  SalesforceDescribe,
  SalesforceDescribeField,
} from '../../../src/connectors/salesforce/salesforce-types.ts';
import { json, shippedDefinitions } from './rest-fixtures.ts';

function described(
  edit: (fields: SalesforceDescribeField[]) => SalesforceDescribeField[],
): SalesforceDescribe {
  const describe = json<SalesforceDescribe>('lead-describe.json');
  return { ...describe, fields: edit([...describe.fields]) };
}

function replace(name: string, change: Partial<SalesforceDescribeField>) {
  return (fields: SalesforceDescribeField[]) =>
    fields.map((f) => (f.name === name ? { ...f, ...change } : f));
}

describe('checkLeadFields', () => {
  it('finds nothing wrong with the fields the deploy creates, and maps every purpose to its field', async () => {
    const report = checkLeadFields(
      json<SalesforceDescribe>('lead-describe.json'),
      await shippedDefinitions(),
    );
    expect(report.problems).toEqual([]);
    expect(report.writable.get('link')).toBe('HubSpot_Contact_Id__c');
    expect(report.writable.get('handoffDetails')).toBe('MQL_Handoff_Details__c');
    expect(report.writable.size).toBe(13);
  });

  it('names a missing field and keeps the others', async () => {
    const report = checkLeadFields(
      described((fields) => fields.filter((f) => f.name !== 'SQL_Verdict_Reason__c')),
      await shippedDefinitions(),
    );
    expect(report.problems.map((p) => [p.field, p.kind])).toEqual([['SQL_Verdict_Reason__c', 'missing']]);
    expect(report.readable.has('reason')).toBe(false);
    expect(report.readable.has('verdict')).toBe(true);
  });

  it('names a mistyped field: another type, or too short for what is written', async () => {
    const report = checkLeadFields(
      described((fields) =>
        replace('MQL_Qualified_At__c', { type: 'date' })(
          replace('MQL_Grounds__c', { type: 'textarea', length: 32_768 })(
            replace('SQL_Verdict__c', { type: 'string', length: 255 })(fields),
          ),
        ),
      ),
      await shippedDefinitions(),
    );
    expect(report.problems.map((p) => p.message)).toEqual([
      'SQL_Verdict__c (verdict): is a string field, expected picklist (Picklist)',
      'MQL_Qualified_At__c (qualifiedAt): is a date field, expected datetime (DateTime)',
      'MQL_Grounds__c (grounds): holds 32768 characters, needs at least 131072',
    ]);
    expect(report.problems.every((p) => p.kind === 'mistyped')).toBe(true);
  });

  it('names a read-only field (readable, not writable) and picklist values the definitions need', async () => {
    const report = checkLeadFields(
      described((fields) =>
        replace('MQL_SLA_Status__c', { updateable: false })(
          replace('SQL_Verdict_Reason__c', {
            picklistValues: [
              { value: 'budget-confirmed', active: true },
              { value: 'no-budget', active: false },
            ],
          })(fields),
        ),
      ),
      await shippedDefinitions(),
    );
    expect(report.problems.map((p) => [p.field, p.kind])).toEqual([
      ['SQL_Verdict_Reason__c', 'missing_values'],
      ['MQL_SLA_Status__c', 'read_only'],
    ]);
    expect(report.problems[0]?.message).toBe(
      'SQL_Verdict_Reason__c (reason): lacks the active picklist values no-budget, not-decision-maker, wrong-company-size, unreachable, bad-timing (run npm run salesforce:deploy to add them)',
    );
    expect(report.readable.has('slaStatus')).toBe(true);
    expect(report.writable.has('slaStatus')).toBe(false);
  });

  it('compares API names without case, as Salesforce does', async () => {
    const report = checkLeadFields(
      described(replace('SQL_Verdict__c', { name: 'sql_verdict__C' })),
      await shippedDefinitions(),
    );
    expect(report.problems).toEqual([]);
    expect(report.writable.get('verdict')).toBe('sql_verdict__C');
  });
});
