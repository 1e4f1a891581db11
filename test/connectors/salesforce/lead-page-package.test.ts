import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadPageCustomLabels } from '../../../src/connectors/salesforce/metadata/custom-labels.ts';
import { LEAD_PAGE_LABELS } from '../../../src/connectors/salesforce/metadata/lead-page-labels.ts';
import type { LeadPagePackage } from '../../../src/connectors/salesforce/metadata/lead-page-package.ts';
import { buildLeadPagePackage } from '../../../src/connectors/salesforce/metadata/lead-page-package.ts';
import { readLwcSources } from '../../../src/connectors/salesforce/metadata/package-files.ts';
import type { Definitions } from '../../../src/domain/definitions.ts';
import { formatIssues, parseDefinitions } from '../../../src/domain/definitions.ts';
import type { Xml } from './read-metadata.ts';
import { list, readMetadata } from './read-metadata.ts';

const SHIPPED = readFileSync(new URL('../../../config/definitions.yaml', import.meta.url), 'utf8');
const LWC_SOURCES = await readLwcSources();

function definitions(extra = ''): Definitions {
  const result = parseDefinitions(`${SHIPPED}\n${extra}`, 'defs.yaml');
  if (!result.ok) throw new Error(formatIssues(result.error));
  return result.value;
}

function build(defs: Definitions = definitions(), apiVersion = '62.0'): LeadPagePackage {
  const result = buildLeadPagePackage(defs, { apiVersion, lwcSources: LWC_SOURCES });
  if (!result.ok) throw new Error(result.error.join('\n'));
  return result.value;
}

function file(pkg: LeadPagePackage, path: string): string {
  const content = pkg.files.get(path);
  if (content === undefined) throw new Error(`no ${path} in the package`);
  return content;
}

function manifest(pkg: LeadPagePackage): Record<string, string[]> {
  const doc = readMetadata(file(pkg, 'package.xml'), 'Package');
  return Object.fromEntries(list(doc, 'types').map((t) => [t.name as string, list<string>(t, 'members')]));
}

function leadFields(pkg: LeadPagePackage): Map<string, Xml> {
  const doc = readMetadata(file(pkg, 'objects/Lead.object'), 'CustomObject');
  return new Map(list(doc, 'fields').map((f) => [f.fullName as string, f]));
}

function picklist(field: Xml | undefined) {
  const valueSet = field?.valueSet as Xml | undefined;
  const definition = valueSet?.valueSetDefinition as Xml | undefined;
  return {
    restricted: valueSet?.restricted,
    controllingField: valueSet?.controllingField,
    values: list(definition, 'value').map((v) => [v.fullName, v.label]),
    settings: list(valueSet, 'valueSettings').map((s) => [s.valueName, s.controllingFieldValue]),
  };
}

const SHIPPED_FIELDS = [
  'HubSpot_Contact_Id__c',
  'SQL_Verdict__c',
  'SQL_Verdict_Reason__c',
  'SQL_Verdict_Note__c',
  'SQL_Verdict_At__c',
  'SQL_Verdict_By__c',
  'MQL_Definition_Version__c',
  'MQL_Qualified_At__c',
  'MQL_Grounds__c',
  'MQL_Handoff_Due_At__c',
  'MQL_SLA_Status__c',
  'MQL_Handoff_Details__c',
  'SQL_Verdict_Due_At__c',
];

describe('the Lead page deploy package', () => {
  it('lists every component in package.xml, at the API version asked for', () => {
    const pkg = build(definitions(), '64.0');
    const types = manifest(pkg);
    expect(Object.keys(types)).toEqual([
      'CustomField',
      'CustomLabel',
      'LightningComponentBundle',
      'PermissionSet',
    ]);
    expect(types.CustomField).toEqual(SHIPPED_FIELDS.map((name) => `Lead.${name}`));
    expect(types.LightningComponentBundle).toEqual(['leadHandoff']);
    expect(types.PermissionSet).toEqual(['Lead_Handoff_Sales', 'Lead_Handoff_Integration']);
    expect(types.CustomLabel).toHaveLength(2 * Object.keys(LEAD_PAGE_LABELS).length);
    expect(readMetadata(file(pkg, 'package.xml'), 'Package').version).toBe('64.0');
  });

  it('has a file for every member it lists, and nothing it does not list', () => {
    const pkg = build();
    const types = manifest(pkg);
    expect([...leadFields(pkg).keys()].map((name) => `Lead.${name}`)).toEqual(types.CustomField);
    const labels = readMetadata(file(pkg, 'labels/CustomLabels.labels'), 'CustomLabels');
    expect(list(labels, 'labels').map((l) => l.fullName)).toEqual(types.CustomLabel);
    for (const name of types.PermissionSet ?? []) {
      expect(pkg.files.has(`permissionsets/${name}.permissionset`)).toBe(true);
    }
    const paths = [...pkg.files.keys()].sort();
    expect(paths).toEqual([
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
  });

  it('makes the verdict a restricted picklist and the reason one that depends on it', () => {
    const fields = leadFields(build());
    const verdict = fields.get('SQL_Verdict__c');
    expect(verdict?.type).toBe('Picklist');
    expect(picklist(verdict)).toEqual({
      restricted: 'true',
      controllingField: undefined,
      values: [
        ['accepted', 'Accepted (SQL)'],
        ['rejected', 'Rejected'],
        ['recycled', 'Recycled to nurturing'],
      ],
      settings: [],
    });
    expect(picklist(fields.get('SQL_Verdict_Reason__c'))).toEqual({
      restricted: 'true',
      controllingField: 'SQL_Verdict__c',
      values: [
        ['budget-confirmed', '予算・ニーズ確認済み'],
        ['no-budget', '予算なし'],
        ['not-decision-maker', '決裁権なし'],
        ['wrong-company-size', '企業規模が対象外'],
        ['unreachable', '連絡がつかない'],
        ['bad-timing', '時期尚早(ナーチャリングへ戻す)'],
      ],
      settings: [
        ['budget-confirmed', 'accepted'],
        ['no-budget', 'rejected'],
        ['not-decision-maker', 'rejected'],
        ['wrong-company-size', 'rejected'],
        ['unreachable', 'rejected'],
        ['bad-timing', 'recycled'],
      ],
    });
    expect(picklist(fields.get('MQL_SLA_Status__c')).values.map(([v]) => v)).toEqual([
      'not_started',
      'on_track',
      'due_soon',
      'breached',
      'met',
    ]);
  });

  it('gives every other field the type and size the product writes into it', () => {
    const fields = leadFields(build());
    const shape = (name: string) => {
      const f = fields.get(name);
      return [f?.type, f?.length, f?.externalId, f?.unique];
    };
    expect(shape('HubSpot_Contact_Id__c')).toEqual(['Text', '40', 'true', 'true']);
    expect(shape('SQL_Verdict_Note__c')).toEqual(['LongTextArea', '2000', undefined, undefined]);
    expect(shape('MQL_Grounds__c')).toEqual(['LongTextArea', '131072', undefined, undefined]);
    expect(shape('MQL_Handoff_Details__c')).toEqual(['LongTextArea', '131072', undefined, undefined]);
    expect(shape('SQL_Verdict_By__c')).toEqual(['Text', '255', 'false', undefined]);
    expect(shape('MQL_Definition_Version__c')).toEqual(['Text', '255', 'false', undefined]);
    for (const name of [
      'SQL_Verdict_At__c',
      'MQL_Qualified_At__c',
      'MQL_Handoff_Due_At__c',
      'SQL_Verdict_Due_At__c',
    ]) {
      expect(shape(name)[0]).toBe('DateTime');
    }
    for (const field of fields.values()) {
      expect(field.label, `${String(field.fullName)} label`).toMatch(/^.{1,40}$/);
      expect(field.required ?? 'false').toBe('false');
    }
  });

  it('grants field access on every field: reps edit the verdict, the integration user everything', () => {
    const pkg = build();
    const fieldNames = SHIPPED_FIELDS.map((name) => `Lead.${name}`);
    const grants = (name: string) => {
      const doc = readMetadata(file(pkg, `permissionsets/${name}.permissionset`), 'PermissionSet');
      expect(doc.hasActivationRequired).toBe('false');
      expect(String(doc.label).length).toBeLessThanOrEqual(80);
      return new Map(list(doc, 'fieldPermissions').map((p) => [p.field, [p.readable, p.editable]]));
    };
    const sales = grants('Lead_Handoff_Sales');
    expect([...sales.keys()]).toEqual(fieldNames);
    expect([...sales.values()].every(([readable]) => readable === 'true')).toBe(true);
    expect(fieldNames.filter((f) => sales.get(f)?.[1] === 'true')).toEqual([
      'Lead.SQL_Verdict__c',
      'Lead.SQL_Verdict_Reason__c',
      'Lead.SQL_Verdict_Note__c',
      'Lead.SQL_Verdict_At__c',
      'Lead.SQL_Verdict_By__c',
    ]);
    const integration = grants('Lead_Handoff_Integration');
    expect([...integration.keys()]).toEqual(fieldNames);
    expect([...integration.values()].every(([r, e]) => r === 'true' && e === 'true')).toBe(true);
  });

  it('exposes the component on Lead record pages only', () => {
    const meta = readMetadata(
      file(build(), 'lwc/leadHandoff/leadHandoff.js-meta.xml'),
      'LightningComponentBundle',
    );
    expect(meta.isExposed).toBe('true');
    expect(list<string>(meta.targets as Xml, 'target')).toEqual(['lightning__RecordPage']);
    const config = (meta.targetConfigs as Xml).targetConfig as Xml;
    expect(config['@_targets']).toBe('lightning__RecordPage');
    expect(list<string>(config.objects as Xml, 'object')).toEqual(['Lead']);
  });

  it('labels the page in English and Japanese, every key in both', () => {
    const doc = readMetadata(file(build(), 'labels/CustomLabels.labels'), 'CustomLabels');
    const labels = list(doc, 'labels');
    for (const key of Object.keys(LEAD_PAGE_LABELS)) {
      const en = labels.find((l) => l.fullName === `LeadHandoff_en_${key}`);
      const ja = labels.find((l) => l.fullName === `LeadHandoff_ja_${key}`);
      expect([en?.language, ja?.language], key).toEqual(['en_US', 'ja']);
      expect(String(en?.value).length, key).toBeGreaterThan(0);
      expect(String(ja?.value).length, key).toBeGreaterThan(0);
    }
    expect(labels.find((l) => l.fullName === 'LeadHandoff_ja_groundsTitle')?.value).toBe('MQL 判定の根拠');
    for (const label of labels) {
      // CustomLabel limits: value ≤ 1,000 characters, short description ≤ 80, name ≤ 80.
      expect(String(label.value).length).toBeLessThanOrEqual(1000);
      expect(String(label.shortDescription).length).toBeLessThanOrEqual(80);
      expect(String(label.fullName)).toMatch(/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/);
      expect(label.protected).toBe('false');
    }
  });

  it('puts generated field and label modules in the bundle, whatever copy the source folder holds', () => {
    const stale = LWC_SOURCES.map((f) =>
      f.name === 'fieldMap.js' ? { ...f, content: 'export const FIELDS = {};\n' } : f,
    );
    const defs = definitions('salesforce:\n  fields: { verdict: Rep_Verdict__c }\n');
    const result = buildLeadPagePackage(defs, { apiVersion: '62.0', lwcSources: stale });
    if (!result.ok) throw new Error(result.error.join('\n'));
    const fieldMap = file(result.value, 'lwc/leadHandoff/fieldMap.js');
    expect(fieldMap).toContain("import FIELD_VERDICT from '@salesforce/schema/Lead.Rep_Verdict__c';");
    expect(fieldMap).toContain('  handoffDetails: FIELD_HANDOFF_DETAILS,');
    const labels = file(result.value, 'lwc/leadHandoff/labels.js');
    for (const label of leadPageCustomLabels()) {
      expect(labels).toContain(
        `import ${label.language}_${label.key} from '@salesforce/label/c.${label.name}';`,
      );
    }
  });

  it('follows renamed fields everywhere: fields, dependency, permission sets, component', () => {
    const pkg = build(
      definitions(
        'salesforce:\n  link: HS_Contact__c\n  fields: { verdict: Rep_Verdict__c, reason: Rep_Reason__c }\n',
      ),
    );
    expect(manifest(pkg).CustomField?.slice(0, 3)).toEqual([
      'Lead.HS_Contact__c',
      'Lead.Rep_Verdict__c',
      'Lead.Rep_Reason__c',
    ]);
    expect(picklist(leadFields(pkg).get('Rep_Reason__c')).controllingField).toBe('Rep_Verdict__c');
    expect(file(pkg, 'permissionsets/Lead_Handoff_Sales.permissionset')).toContain(
      '<field>Lead.Rep_Reason__c</field>',
    );
    expect(file(pkg, 'lwc/leadHandoff/fieldMap.js')).toContain("'@salesforce/schema/Lead.Rep_Reason__c'");
  });

  it('carries a changed reason catalogue into the picklist values', () => {
    const defs = definitions();
    const changed = parseDefinitions(
      SHIPPED.replace('label: 予算なし,', 'label: 予算が確保できない,').replace(
        '    - { code: unreachable, label: 連絡がつかない }\n',
        '    - { code: unreachable, label: 連絡がつかない }\n    - { code: competitor, label: 競合を採用 }\n',
      ),
      'defs.yaml',
    );
    if (!changed.ok) throw new Error(formatIssues(changed.error));
    const before = picklist(leadFields(build(defs)).get('SQL_Verdict_Reason__c'));
    const after = picklist(leadFields(build(changed.value)).get('SQL_Verdict_Reason__c'));
    expect(before.values).toContainEqual(['no-budget', '予算なし']);
    expect(after.values).toContainEqual(['no-budget', '予算が確保できない']);
    expect(after.values).toContainEqual(['competitor', '競合を採用']);
    expect(after.settings).toContainEqual(['competitor', 'rejected']);
  });

  it('builds the same bytes from the same definitions (a re-run deploys no change)', () => {
    expect([...build().files]).toEqual([...build().files]);
  });

  it('refuses a reason Salesforce could not store as a picklist value', () => {
    const long = 'あ'.repeat(256);
    const defs = parseDefinitions(SHIPPED.replace('label: 連絡がつかない', `label: ${long}`), 'defs.yaml');
    if (!defs.ok) throw new Error(formatIssues(defs.error));
    const result = buildLeadPagePackage(defs.value, { apiVersion: '62.0', lwcSources: LWC_SOURCES });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error[0]).toMatch(
      /^SQL_Verdict_Reason__c: 'unreachable…' is longer than the 255 characters/,
    );
  });

  it('refuses a component folder without its required files', () => {
    const result = buildLeadPagePackage(definitions(), {
      apiVersion: '62.0',
      lwcSources: LWC_SOURCES.filter((f) => f.name !== 'leadHandoff.js-meta.xml'),
    });
    expect(result).toEqual({
      ok: false,
      error: ['the leadHandoff component has no leadHandoff.js-meta.xml'],
    });
  });

  it('leaves the component tests out of what Salesforce receives', () => {
    expect(LWC_SOURCES.map((f) => f.name)).not.toContain('__tests__');
    expect([...build().files.keys()].some((path) => path.includes('__tests__'))).toBe(false);
  });
});
