// The `salesforce:` section of the definitions: which Lead fields hold the HubSpot contact id and
// what the product writes (and reads back for verdicts). Optional; the defaults are the runtime
// contract's names, plus two the Lead page needs (the structured details and the verdict deadline).
import { z } from 'zod';
import type { LocatedProblem } from './definitions-issues.ts';

export const DEFAULT_SALESFORCE_LINK = 'HubSpot_Contact_Id__c';

export const DEFAULT_SALESFORCE_FIELDS = {
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
  // Extensions for the Lead page: the JSON the component reads (grounds, deadlines, shared
  // information; format in docs/salesforce.md) and the verdict deadline as a datetime for reports.
  handoffDetails: 'MQL_Handoff_Details__c',
  verdictDueAt: 'SQL_Verdict_Due_At__c',
} as const;

export type SalesforceFieldKey = keyof typeof DEFAULT_SALESFORCE_FIELDS;

export interface SalesforceSettings {
  /** Lead field holding the HubSpot contact id. */
  readonly link: string;
  /** Lead fields the product writes, by what they hold. */
  readonly fields: Readonly<Record<SalesforceFieldKey, string>>;
}

// Salesforce's rule for a custom field's API name (Setup → Object Manager → New Field): it starts
// with a letter, holds letters, digits and single underscores, does not end with an underscore,
// is at most 40 characters, and takes the `__c` suffix. Namespaced fields belong to a managed
// package and cannot be deployed by us, so they are refused.
const CUSTOM_FIELD = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c$/;
const NAME_MAX_CHARS = 40;

export function isCustomFieldName(value: string): boolean {
  return CUSTOM_FIELD.test(value) && value.length - '__c'.length <= NAME_MAX_CHARS;
}

const customField = z.string().superRefine((value, ctx) => {
  if (!isCustomFieldName(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not a Salesforce custom field API name (a letter, then letters, digits and single underscores, at most ${NAME_MAX_CHARS} characters, then __c; e.g. SQL_Verdict__c)`,
    });
  }
});

const fieldDefaults = Object.fromEntries(
  Object.entries(DEFAULT_SALESFORCE_FIELDS).map(([key, name]) => [key, customField.default(name)]),
) as Record<SalesforceFieldKey, z.ZodDefault<typeof customField>>;

export const salesforceSchema = z
  .strictObject({
    link: customField.default(DEFAULT_SALESFORCE_LINK),
    fields: z.strictObject(fieldDefaults).prefault({}),
  })
  .prefault({});

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** One Lead field cannot hold two things: each name in the section is used once. */
export function crossCheckSalesforce(data: unknown): LocatedProblem[] {
  const section = field(data, 'salesforce');
  const given = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  const named: [string[], string, string][] = [
    [['salesforce', 'link'], given(field(section, 'link'), DEFAULT_SALESFORCE_LINK), 'link'],
    ...Object.entries(DEFAULT_SALESFORCE_FIELDS).map(([key, fallback]): [string[], string, string] => [
      ['salesforce', 'fields', key],
      given(field(field(section, 'fields'), key), fallback),
      `fields.${key}`,
    ]),
  ];
  const seen = new Map<string, string>();
  const problems: LocatedProblem[] = [];
  for (const [path, name, what] of named) {
    // Salesforce API names are case-insensitive: Verdict__c and VERDICT__c are one field.
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) problems.push({ path, message: `'${name}' is also the field for ${other}` });
    else seen.set(name.toLowerCase(), what);
  }
  return problems;
}
