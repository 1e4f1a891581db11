import type { Definitions } from '../domain/definitions.ts';
import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import type { CrmAdmin, PropertySpec, ProvisionReport } from '../ports/crm-admin.ts';

export const FEEDBACK_GROUP = { name: 'sales_feedback', label: 'Sales feedback (Lead Handoff)' } as const;

const SLA_STATUSES = [
  { value: 'not_started', label: 'Not started' },
  { value: 'on_track', label: 'On track' },
  { value: 'due_soon', label: 'Due soon' },
  { value: 'breached', label: 'Breached' },
  { value: 'met', label: 'Met' },
] as const;

/** The contract's contact properties, named and optioned from the definitions. */
export function feedbackPropertySpecs(definitions: Definitions): PropertySpec[] {
  const names = definitions.properties;
  const text = (name: string, label: string, description: string, long = false): PropertySpec => ({
    name,
    label,
    description,
    type: 'string',
    fieldType: long ? 'textarea' : 'text',
  });
  const datetime = (name: string, label: string, description: string): PropertySpec => ({
    name,
    label,
    description,
    type: 'datetime',
    fieldType: 'date',
  });
  return [
    {
      name: names.sqlVerdict,
      label: 'SQL verdict',
      description: "Sales' verdict on the MQL, recorded on the lead card.",
      type: 'enumeration',
      fieldType: 'select',
      options: [
        { value: 'accepted', label: 'Accepted (SQL)' },
        { value: 'rejected', label: 'Rejected' },
        { value: 'recycled', label: 'Recycled to nurturing' },
      ],
    },
    {
      name: names.sqlVerdictReason,
      label: 'SQL verdict reason',
      description: 'Reason code from the shared definitions.',
      type: 'enumeration',
      fieldType: 'select',
      options: definitions.reasons.map((reason) => ({ value: reason.code, label: reason.label })),
    },
    text(names.sqlVerdictNote, 'SQL verdict note', "The rep's note on the verdict.", true),
    datetime(names.sqlVerdictAt, 'SQL verdict at', 'When the verdict was recorded.'),
    text(names.sqlVerdictBy, 'SQL verdict by', 'E-mail of the rep who recorded the verdict.'),
    text(
      names.mqlDefinitionVersion,
      'MQL definition version',
      'Version of the definitions that qualified the lead.',
    ),
    datetime(names.mqlQualifiedAt, 'MQL qualified at', 'When the contact met the MQL definition.'),
    text(
      names.mqlGrounds,
      'MQL grounds',
      'Each condition of the definition, met or not, with its evidence.',
      true,
    ),
    datetime(names.mqlHandoffDueAt, 'MQL handoff due at', 'Deadline to hand the MQL to sales.'),
    {
      name: names.mqlSlaStatus,
      label: 'MQL SLA status',
      description: 'Status of the handoff or verdict SLA.',
      type: 'enumeration',
      fieldType: 'select',
      options: SLA_STATUSES,
    },
  ];
}

/** Creates the group and any missing property; idempotent, never overwrites another type. */
export function provisionProperties(
  crm: CrmAdmin,
  definitions: Definitions,
): Promise<Result<ProvisionReport, ConnectorError>> {
  return crm.ensureContactProperties(FEEDBACK_GROUP, feedbackPropertySpecs(definitions));
}
