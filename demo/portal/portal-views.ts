// Read-only views of the simulated portal's state (not HubSpot routes): the contact list the
// preview shows, and one contact's properties with their history, so a verdict can be seen landing.
import type { FakeHubSpot, FakeOwner } from '../../bench/fake-hubspot.ts';
import type { PortalSchema } from './portal-properties.ts';

export interface ContactSummary {
  readonly id: string;
  readonly name: string;
  readonly company: string | null;
  readonly jobtitle: string | null;
  readonly channel: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly owner: string | null;
  readonly lifecycleStage: string | null;
  readonly mqlQualifiedAt: string | null;
  readonly mqlSlaStatus: string | null;
  readonly sqlVerdict: string | null;
}

function ownerName(owners: readonly FakeOwner[], id: string | null | undefined): string | null {
  const owner = owners.find((candidate) => candidate.id === id);
  return owner ? `${owner.lastName} ${owner.firstName}` : null;
}

/** Every contact, most recently modified first; `?mql=1` keeps the qualified ones. */
export function contactSummaries(fake: FakeHubSpot, owners: readonly FakeOwner[], query: URLSearchParams) {
  const onlyMql = query.get('mql') === '1';
  const contacts: ContactSummary[] = [...fake.contacts.all()]
    .reverse()
    .filter((contact) => !onlyMql || (contact.properties['mql_qualified_at'] ?? null) !== null)
    .map((contact) => {
      const value = (name: string) => contact.properties[name] ?? null;
      return {
        id: contact.id,
        name: `${value('lastname') ?? ''} ${value('firstname') ?? ''}`.trim(),
        company: value('company'),
        jobtitle: value('jobtitle'),
        channel: value('hs_analytics_source'),
        createdAt: new Date(contact.createdAt).toISOString(),
        updatedAt: new Date(contact.updatedAt).toISOString(),
        owner: ownerName(owners, value('hubspot_owner_id')),
        lifecycleStage: value('lifecyclestage'),
        mqlQualifiedAt: value('mql_qualified_at'),
        mqlSlaStatus: value('mql_sla_status'),
        sqlVerdict: value('sql_verdict'),
      };
    });
  return { total: contacts.length, contacts };
}

/** One contact: every current value, and the app's own properties with who wrote them when. */
export function contactDetail(
  fake: FakeHubSpot,
  owners: readonly FakeOwner[],
  schema: PortalSchema,
  id: string,
) {
  const contact = fake.contacts.get(id);
  if (!contact) return null;
  const appProperties = schema.properties
    .filter((property) => property.groupName === 'sales_feedback')
    .map((property) => {
      const latest = contact.history[property.name]?.[0];
      return {
        name: property.name,
        label: property.label,
        value: contact.properties[property.name] ?? null,
        changedAt: latest?.timestamp ?? null,
        source: latest?.sourceType ?? null,
      };
    });
  return {
    id: contact.id,
    owner: ownerName(owners, contact.properties['hubspot_owner_id']),
    properties: contact.properties,
    appProperties,
    updatedAt: new Date(contact.updatedAt).toISOString(),
  };
}
