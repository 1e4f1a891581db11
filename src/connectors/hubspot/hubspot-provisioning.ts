/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment --
   @hubspot/api-client declares its inputs as classes, yet serialises plain objects by field name
   (its own README passes literals); constructing each class field by field adds nothing. */
import type { ConnectorError } from '../../domain/connector-error.ts';
import { err, ok } from '../../domain/result.ts';
import type { Result } from '../../domain/result.ts';
import type { PropertySpec, ProvisionReport } from '../../ports/crm-admin.ts';
import type { HubSpotRawProperty } from './hubspot-types.ts';
import type { HubSpotApis, HubSpotCall } from './hubspot-sdk.ts';

type PropertyCreate = Parameters<HubSpotApis['properties']['create']>[1];

const CONTACTS = 'contacts';

function toPropertyCreate(spec: PropertySpec, groupName: string): PropertyCreate {
  const create = {
    name: spec.name,
    label: spec.label,
    description: spec.description,
    type: spec.type,
    fieldType: spec.fieldType,
    groupName,
    ...(spec.type === 'enumeration'
      ? {
          options: (spec.options ?? []).map((option, index) => ({
            label: option.label,
            value: option.value,
            hidden: false,
            displayOrder: index,
          })),
        }
      : {}),
  };
  // The SDK types `type` and `fieldType` as its own enums; our values are a subset of them.
  return create as unknown as PropertyCreate;
}

async function ensureGroup(
  apis: HubSpotApis,
  call: HubSpotCall,
  group: { readonly name: string; readonly label: string },
): Promise<Result<boolean, ConnectorError>> {
  const found = await call('standard', 'properties.groups.get', () =>
    apis.groups.getByName(CONTACTS, group.name),
  );
  if (found.ok) {
    return ok(false);
  }
  if (found.error.code !== 'not_found') {
    return found;
  }
  const created = await call('standard', 'properties.groups.create', () =>
    apis.groups.create(CONTACTS, { name: group.name, label: group.label }),
  );
  return created.ok ? ok(true) : created;
}

/**
 * Creates the group and the missing properties, adds missing enumeration options, and reports a
 * property that exists with another type as a conflict: never overwrites what a portal admin owns.
 * Idempotent: a second run makes no write.
 */
export async function ensureHubSpotContactProperties(
  apis: HubSpotApis,
  call: HubSpotCall,
  group: { readonly name: string; readonly label: string },
  specs: readonly PropertySpec[],
): Promise<Result<ProvisionReport, ConnectorError>> {
  const groupCreated = await ensureGroup(apis, call, group);
  if (!groupCreated.ok) {
    return groupCreated;
  }
  const all = await call('standard', 'properties.getAll', () => apis.properties.getAll(CONTACTS));
  if (!all.ok) {
    return all;
  }
  const byName = new Map<string, HubSpotRawProperty>(
    all.value.results.map((property) => [property.name, property]),
  );

  const missing: PropertySpec[] = [];
  const existing: string[] = [];
  const conflicts: ProvisionReport['conflicts'][number][] = [];
  const optionsAdded: string[] = [];
  for (const spec of specs) {
    const current = byName.get(spec.name);
    if (current === undefined) {
      missing.push(spec);
      continue;
    }
    if (current.type !== spec.type) {
      conflicts.push({ name: spec.name, expected: spec.type, actual: current.type });
      continue;
    }
    existing.push(spec.name);
    const known = new Set(current.options.map((option) => option.value));
    const newOptions = (spec.options ?? []).filter((option) => !known.has(option.value));
    if (spec.type !== 'enumeration' || newOptions.length === 0) {
      continue;
    }
    // PATCH replaces the whole option list: send the portal's options unchanged, then ours.
    const options = [
      ...current.options.map((option) => ({ ...option, hidden: option.hidden ?? false })),
      ...newOptions.map((option, index) => ({
        label: option.label,
        value: option.value,
        hidden: false,
        displayOrder: current.options.length + index,
      })),
    ];
    const patched = await call('standard', 'properties.update', () =>
      apis.properties.update(CONTACTS, spec.name, { options }),
    );
    if (!patched.ok) {
      return patched;
    }
    optionsAdded.push(spec.name);
  }

  if (missing.length > 0) {
    const inputs = missing.map((spec) => toPropertyCreate(spec, group.name));
    const created = await call('standard', 'properties.batch.create', () =>
      apis.propertiesBatch.create(CONTACTS, { inputs }),
    );
    if (!created.ok) {
      return created;
    }
    const refused = 'errors' in created.value ? (created.value.errors ?? []) : [];
    if (refused.length > 0) {
      const messages = refused.map((refusal) => refusal.message).join('; ');
      return err({
        code: 'validation',
        provider: 'hubspot',
        message: `HubSpot refused properties: ${messages}`,
      });
    }
  }

  return ok({
    groupCreated: groupCreated.value,
    created: missing.map((spec) => spec.name),
    existing,
    conflicts,
    optionsAdded,
  });
}
