// The simulated portal's contact property schema, served on HubSpot's CRM v3 properties routes so
// the backend provisions its `sales_feedback` group and properties at boot exactly as on a real
// portal, and a batch update naming a property the portal lacks (or an option an enumeration does
// not have) is refused the way HubSpot refuses it.
import { randomUUID } from 'node:crypto';

export interface PortalOption {
  readonly label: string;
  readonly value: string;
  readonly displayOrder: number;
  readonly hidden: boolean;
}

export interface PortalProperty {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly fieldType: string;
  readonly groupName: string;
  readonly description: string;
  readonly options: PortalOption[];
  readonly hubspotDefined: boolean;
}

export interface PortalGroup {
  readonly name: string;
  readonly label: string;
}

export interface PortalSchema {
  readonly properties: PortalProperty[];
  readonly groups: PortalGroup[];
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

function options(values: readonly string[]): PortalOption[] {
  return values.map((value, index) => ({ label: value, value, displayOrder: index, hidden: false }));
}

function builtIn(
  name: string,
  label: string,
  type: string,
  fieldType: string,
  group: string,
  values: readonly string[] = [],
): PortalProperty {
  return {
    name,
    label,
    type,
    fieldType,
    groupName: group,
    description: '',
    options: options(values),
    hubspotDefined: true,
  };
}

function custom(name: string, label: string, type: string, fieldType: string): PortalProperty {
  return {
    name,
    label,
    type,
    fieldType,
    groupName: 'contactinformation',
    description: '',
    options: [],
    hubspotDefined: false,
  };
}

/** The default contact properties the portfolio uses, plus the portal's own marketing fields. */
export function initialSchema(): PortalSchema {
  const info = 'contactinformation';
  return {
    groups: [
      { name: info, label: 'Contact information' },
      { name: 'sales_properties', label: 'Sales properties' },
      { name: 'analyticsinformation', label: 'Web analytics history' },
    ],
    properties: [
      builtIn('firstname', 'First Name', 'string', 'text', info),
      builtIn('lastname', 'Last Name', 'string', 'text', info),
      builtIn('email', 'Email', 'string', 'text', info),
      builtIn('company', 'Company Name', 'string', 'text', info),
      builtIn('jobtitle', 'Job Title', 'string', 'text', info),
      // HubSpot's contact `industry` is free text (test/fixtures/hubspot/properties-contacts.json).
      builtIn('industry', 'Industry', 'string', 'text', info),
      builtIn('numemployees', 'Number of Employees', 'enumeration', 'select', info, [
        '1-5',
        '5-25',
        '25-50',
        '50-100',
        '100-500',
        '500-1000',
        '1000+',
      ]),
      builtIn('hubspotscore', 'HubSpot Score', 'number', 'number', info),
      builtIn('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', info, [
        'subscriber',
        'lead',
        'marketingqualifiedlead',
        'salesqualifiedlead',
        'opportunity',
        'customer',
        'evangelist',
        'other',
      ]),
      builtIn('hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', [
        'NEW',
        'OPEN',
        'IN_PROGRESS',
        'OPEN_DEAL',
        'UNQUALIFIED',
        'ATTEMPTED_TO_CONTACT',
        'CONNECTED',
        'BAD_TIMING',
      ]),
      // Options are the portal's owners; HubSpot validates them against the owner list, not here.
      builtIn('hubspot_owner_id', 'Contact owner', 'enumeration', 'select', 'sales_properties'),
      builtIn('hs_analytics_source', 'Original Source', 'enumeration', 'select', 'analyticsinformation', [
        'ORGANIC_SEARCH',
        'PAID_SEARCH',
        'EMAIL_MARKETING',
        'SOCIAL_MEDIA',
        'REFERRALS',
        'OTHER_CAMPAIGNS',
        'DIRECT_TRAFFIC',
        'OFFLINE',
        'PAID_SOCIAL',
        'AI_REFERRALS',
      ]),
      builtIn('createdate', 'Create Date', 'datetime', 'date', info),
      builtIn('lastmodifieddate', 'Last Modified Date', 'datetime', 'date', info),
      builtIn('hs_object_id', 'Record ID', 'number', 'number', info),
      builtIn('hs_lifecyclestage_opportunity_date', 'Became an Opportunity Date', 'datetime', 'date', info),
      builtIn('hs_lifecyclestage_customer_date', 'Became a Customer Date', 'datetime', 'date', info),
      custom('whitepaper_downloaded_at', '資料ダウンロード日時', 'datetime', 'date'),
      custom('seminar_attended_at', 'セミナー参加日時', 'datetime', 'date'),
      custom('pricing_page_viewed_at', '料金ページ閲覧日時', 'datetime', 'date'),
      custom('challenge', '課題', 'string', 'textarea'),
      custom('product_interest', '関心製品', 'string', 'text'),
    ],
  };
}

function error(status: number, category: string, message: string): Answer {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category } };
}

function toWire(property: PortalProperty): object {
  const at = '2025-04-01T00:00:00.000Z';
  return {
    ...property,
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    formField: false,
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toProperty(input: Record<string, unknown>, existing?: PortalProperty): PortalProperty | string {
  const text = (key: string): string | undefined => (typeof input[key] === 'string' ? input[key] : undefined);
  const name = text('name') ?? existing?.name;
  const type = text('type') ?? existing?.type;
  const fieldType = text('fieldType') ?? existing?.fieldType;
  const groupName = text('groupName') ?? existing?.groupName;
  if (!name || !type || !fieldType || !groupName)
    return 'name, label, type, fieldType and groupName are required';
  const rawOptions = Array.isArray(input['options']) ? input['options'].map(record) : null;
  return {
    name,
    label: text('label') ?? existing?.label ?? name,
    type,
    fieldType,
    groupName,
    description: text('description') ?? existing?.description ?? '',
    options:
      rawOptions === null
        ? (existing?.options ?? [])
        : rawOptions.map((option, index) => ({
            label: String(option['label'] ?? option['value']),
            value: String(option['value']),
            displayOrder: typeof option['displayOrder'] === 'number' ? option['displayOrder'] : index,
            hidden: option['hidden'] === true,
          })),
    hubspotDefined: existing?.hubspotDefined ?? false,
  };
}

export interface PropertyRegistry {
  readonly schema: PortalSchema;
  /** Answers a `/crm/v3/properties/contacts…` request, or null when the path is not one of them. */
  handle(method: string, path: string, body: unknown): Answer | null;
  /** HubSpot's 400 for a batch update that names an unknown property or option, else null. */
  refuseUpdate(inputs: readonly { readonly properties: Record<string, unknown> }[]): Answer | null;
}

const BASE = '/crm/v3/properties/contacts';

export function createPropertyRegistry(schema: PortalSchema): PropertyRegistry {
  const byName = (name: string) => schema.properties.find((property) => property.name === name);
  const group = (name: string) => schema.groups.find((candidate) => candidate.name === name);
  const replace = (property: PortalProperty) => {
    const index = schema.properties.findIndex((candidate) => candidate.name === property.name);
    if (index >= 0) schema.properties[index] = property;
    else schema.properties.push(property);
  };

  const create = (input: Record<string, unknown>): PortalProperty | Answer => {
    const property = toProperty(input);
    if (typeof property === 'string') return error(400, 'VALIDATION_ERROR', property);
    if (byName(property.name))
      return error(409, 'OBJECT_ALREADY_EXISTS', `Property named ${property.name} already exists.`);
    if (!group(property.groupName))
      return error(400, 'VALIDATION_ERROR', `Property group ${property.groupName} does not exist.`);
    replace(property);
    return property;
  };

  return {
    schema,
    handle(method, path, body) {
      if (!path.startsWith(BASE)) return null;
      const rest = path.slice(BASE.length);
      const input = record(body);
      if (method === 'GET' && rest === '')
        return { status: 200, body: { results: schema.properties.map(toWire) } };
      const groupPath = /^\/groups(?:\/([^/]+))?$/.exec(rest);
      if (groupPath) {
        const name = groupPath[1] === undefined ? undefined : decodeURIComponent(groupPath[1]);
        if (method === 'GET' && name !== undefined) {
          const found = group(name);
          // The body HubSpot sends (test/fixtures/hubspot/property-group-404.json).
          return found
            ? { status: 200, body: { ...found, displayOrder: -1, archived: false } }
            : error(404, 'OBJECT_NOT_FOUND', `Unable to find group ${name} for object type 0-1`);
        }
        if (method === 'POST' && name === undefined) {
          const groupName = typeof input['name'] === 'string' ? input['name'] : '';
          if (groupName === '') return error(400, 'VALIDATION_ERROR', 'name is required');
          if (!group(groupName))
            schema.groups.push({
              name: groupName,
              label: typeof input['label'] === 'string' ? input['label'] : groupName,
            });
          return {
            status: 201,
            body: { name: groupName, label: input['label'], displayOrder: -1, archived: false },
          };
        }
      }
      if (method === 'POST' && rest === '/batch/create') {
        const inputs = Array.isArray(input['inputs']) ? input['inputs'].map(record) : [];
        const results: object[] = [];
        const errors: object[] = [];
        for (const item of inputs) {
          const created = create(item);
          if ('status' in created)
            errors.push({
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: (created.body as { message: string }).message,
            });
          else results.push(toWire(created));
        }
        const at = new Date().toISOString();
        const base = { status: 'COMPLETE', results, startedAt: at, completedAt: at };
        return errors.length === 0
          ? { status: 201, body: base }
          : { status: 207, body: { ...base, numErrors: errors.length, errors } };
      }
      const one = /^\/([^/]+)$/.exec(rest);
      if (one?.[1] !== undefined && one[1] !== 'groups') {
        const existing = byName(decodeURIComponent(one[1]));
        if (method === 'GET')
          return existing
            ? { status: 200, body: toWire(existing) }
            : error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${one[1]}`);
        if (method === 'PATCH') {
          if (!existing) return error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${one[1]}`);
          const updated = toProperty(input, existing);
          if (typeof updated === 'string') return error(400, 'VALIDATION_ERROR', updated);
          replace(updated);
          return { status: 200, body: toWire(updated) };
        }
      }
      return error(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}`);
    },
    refuseUpdate(inputs) {
      const problems: object[] = [];
      for (const input of inputs) {
        for (const [name, raw] of Object.entries(input.properties)) {
          const property = byName(name);
          const value = String(raw);
          if (!property) {
            // As HubSpot words it; public integrations' tests quote this answer from real portals.
            const message = `Property "${name}" does not exist`;
            problems.push({
              isValid: false,
              message,
              error: 'PROPERTY_DOESNT_EXIST',
              name,
              localizedErrorMessage: message,
            });
          } else if (
            property.type === 'enumeration' &&
            property.options.length > 0 &&
            value !== '' &&
            !property.options.some((option) => option.value === value)
          ) {
            // test/fixtures/hubspot/validation-400.json
            problems.push({
              isValid: false,
              message: `${value} was not one of the allowed options: [${property.options.map((option) => option.value).join(', ')}]`,
              error: 'INVALID_OPTION',
              name,
              localizedErrorMessage: `Property "${property.label}" has an invalid option.`,
            });
          }
        }
      }
      return problems.length === 0
        ? null
        : error(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(problems)}`);
    },
  };
}
