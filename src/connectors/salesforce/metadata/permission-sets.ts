// Field-level security for the Lead fields, as two permission sets: without FLS a custom field is
// invisible to everyone but admins, through the UI, the API and Lightning Data Service alike.
import type { LeadFieldSpec } from './lead-fields.ts';
import type { XmlNode } from './metadata-xml.ts';
import { metadataDocument } from './metadata-xml.ts';

export interface PermissionSetSpec {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Per field: may the holder edit it (read is always granted). */
  readonly editable: (spec: LeadFieldSpec) => boolean;
}

export const PERMISSION_SETS: readonly PermissionSetSpec[] = [
  {
    name: 'Lead_Handoff_Sales',
    label: 'Lead Handoff: sales reps',
    description:
      'Read the MQL grounds, deadlines and verdict fields on Lead; record the verdict (verdict, reason, note, who and when).',
    editable: (spec) => spec.repEditable,
  },
  {
    name: 'Lead_Handoff_Integration',
    label: 'Lead Handoff: integration user',
    description: 'Read and write every Lead Handoff field on Lead: for the user the backend connects as.',
    editable: () => true,
  },
];

export function permissionSetXml(set: PermissionSetSpec, fields: readonly LeadFieldSpec[]): string {
  return metadataDocument('PermissionSet', [
    ['description', set.description],
    ...fields.map((field): XmlNode => [
      'fieldPermissions',
      [
        ['editable', set.editable(field)],
        ['field', `Lead.${field.name}`],
        ['readable', true],
      ],
    ]),
    ['hasActivationRequired', false],
    ['label', set.label],
  ]);
}
