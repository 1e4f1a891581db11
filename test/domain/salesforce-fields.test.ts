import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Definitions, DefinitionsIssue } from '../../src/domain/definitions.ts';
import {
  DEFAULT_SALESFORCE_FIELDS,
  DEFAULT_SALESFORCE_LINK,
  formatIssues,
  parseDefinitions,
} from '../../src/domain/definitions.ts';
import { isCustomFieldName } from '../../src/domain/salesforce-fields.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED = readFileSync(join(ROOT, 'config/definitions.yaml'), 'utf8');

function valid(text: string): Definitions {
  const result = parseDefinitions(text, 'defs.yaml');
  if (!result.ok) throw new Error(formatIssues(result.error));
  return result.value;
}

function issues(text: string): DefinitionsIssue[] {
  const result = parseDefinitions(text, 'defs.yaml');
  if (result.ok) throw new Error('expected the definitions to be refused');
  return result.error;
}

function lineContaining(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('the salesforce section of the definitions', () => {
  it("defaults to the contract's Lead fields when the section is absent", () => {
    const defs = valid(SHIPPED);
    expect(defs.salesforce).toEqual({
      link: 'HubSpot_Contact_Id__c',
      fields: {
        verdict: 'SQL_Verdict__c',
        reason: 'SQL_Verdict_Reason__c',
        note: 'SQL_Verdict_Note__c',
        decidedAt: 'SQL_Verdict_At__c',
        decidedBy: 'SQL_Verdict_By__c',
        definitionVersion: 'MQL_Definition_Version__c',
        qualifiedAt: 'MQL_Qualified_At__c',
        grounds: 'MQL_Grounds__c',
        handoffDueAt: 'MQL_Handoff_Due_At__c',
        slaStatus: 'MQL_SLA_Status__c',
        handoffDetails: 'MQL_Handoff_Details__c',
        verdictDueAt: 'SQL_Verdict_Due_At__c',
      },
    });
    expect(defs.salesforce.link).toBe(DEFAULT_SALESFORCE_LINK);
    expect(defs.salesforce.fields).toEqual(DEFAULT_SALESFORCE_FIELDS);
  });

  it('renames the link and single fields, keeping the defaults of the others', () => {
    const defs = valid(
      `${SHIPPED}\nsalesforce:\n  link: HS_Id__c\n  fields:\n    verdict: Lead_Verdict__c\n    handoffDetails: LH_Page__c\n`,
    );
    expect(defs.salesforce.link).toBe('HS_Id__c');
    expect(defs.salesforce.fields.verdict).toBe('Lead_Verdict__c');
    expect(defs.salesforce.fields.handoffDetails).toBe('LH_Page__c');
    expect(defs.salesforce.fields.reason).toBe('SQL_Verdict_Reason__c');
  });

  it('counts the section in the hash only when it changes a name', () => {
    const base = valid(SHIPPED).hash;
    expect(valid(`${SHIPPED}\nsalesforce: {}\n`).hash).toBe(base);
    expect(valid(`${SHIPPED}\nsalesforce: { link: HubSpot_Contact_Id__c }\n`).hash).toBe(base);
    expect(valid(`${SHIPPED}\nsalesforce: { link: HS_Id__c }\n`).hash).not.toBe(base);
  });

  it('names a field that is not a custom field API name, with its key path and line', () => {
    const text = `${SHIPPED}\nsalesforce:\n  fields:\n    note: SQL Verdict Note\n`;
    expect(issues(text)).toEqual([
      {
        file: 'defs.yaml',
        path: 'salesforce.fields.note',
        line: lineContaining(text, 'SQL Verdict Note'),
        message:
          "'SQL Verdict Note' is not a Salesforce custom field API name (a letter, then letters, digits and single underscores, at most 40 characters, then __c; e.g. SQL_Verdict__c)",
      },
    ]);
  });

  it('refuses an unknown key in the section, suggesting the intended one', () => {
    const text = `${SHIPPED}\nsalesforce:\n  fields:\n    verdictt: SQL_Verdict__c\n`;
    expect(issues(text)).toEqual([
      expect.objectContaining({
        path: 'salesforce.fields.verdictt',
        line: lineContaining(text, 'verdictt'),
        message: expect.stringContaining("unknown key 'verdictt' (did you mean 'verdict'?)") as string,
      }),
    ]);
    expect(issues(`${SHIPPED}\nsalesforce: { lnk: X__c }\n`)[0]?.path).toBe('salesforce.lnk');
  });

  it('refuses one Lead field for two things, whatever the letter case', () => {
    const text = `${SHIPPED}\nsalesforce:\n  link: SQL_verdict__c\n`;
    expect(issues(text)).toEqual([
      {
        file: 'defs.yaml',
        path: 'salesforce.fields.verdict',
        line: lineContaining(text, 'salesforce:'),
        message: "'SQL_Verdict__c' is also the field for link",
      },
    ]);
    const twice = issues(`${SHIPPED}\nsalesforce:\n  fields: { note: MQL_Grounds__c }\n`);
    expect(twice.map((i) => [i.path, i.message])).toEqual([
      ['salesforce.fields.grounds', "'MQL_Grounds__c' is also the field for fields.note"],
    ]);
  });

  it.each([
    ['SQL_Verdict__c', true],
    ['A__c', true],
    ['X1_2__c', true],
    [`${'a'.repeat(40)}__c`, true],
    [`${'a'.repeat(41)}__c`, false],
    ['SQL_Verdict', false],
    ['SQL__Verdict__c', false],
    ['SQL_Verdict___c', false],
    ['_Verdict__c', false],
    ['1Verdict__c', false],
    ['ns__Verdict__c', false],
    ['Verdict__C', false],
    ['Verdict-Reason__c', false],
    ['判定__c', false],
  ])('isCustomFieldName(%s) is %s', (name, expected) => {
    expect(isCustomFieldName(name)).toBe(expected);
  });
});

describe('npm run definitions:check with a salesforce section', () => {
  it('prints the Lead field map', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-defs-'));
    const file = join(dir, 'definitions.yaml');
    await writeFile(file, `${SHIPPED}\nsalesforce:\n  fields: { verdict: Lead_Verdict__c }\n`);
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/definitions-check.ts', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(stdout).toContain(
      'Salesforce Lead fields: link HubSpot_Contact_Id__c; verdict Lead_Verdict__c, reason SQL_Verdict_Reason__c,',
    );
    expect(stdout).toContain('handoffDetails MQL_Handoff_Details__c, verdictDueAt SQL_Verdict_Due_At__c');
  });
});
