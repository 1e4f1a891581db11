// The contact properties the backend reads and must hear about when they change. One list for
// the webhook subscriptions (`npm run webhooks:generate`), the boot check against them, and the
// batch reads of the workers and the backfill, so the three cannot drift apart.
import type { Definitions } from './definitions.ts';

/** The owner: handoff tracking and alerts read it whatever the definitions' handoff rule says. */
export const OWNER_PROPERTY = 'hubspot_owner_id';

/** HubSpot's own properties behind the marketers' funnel: the channel and the later stages' dates. */
export const FUNNEL_PROPERTIES: readonly string[] = [
  'hs_analytics_source',
  'hs_lifecyclestage_opportunity_date',
  'hs_lifecyclestage_customer_date',
];

/** Set when the contact is created and never after: the creation event covers them. */
export const CREATION_PROPERTIES: readonly string[] = ['createdate'];

/** Properties whose changes must reach the backend: the definitions', the owner, the funnel's. */
export function watchedProperties(definitions: Pick<Definitions, 'propertiesRead'>): string[] {
  return [...new Set([...definitions.propertiesRead, OWNER_PROPERTY, ...FUNNEL_PROPERTIES])];
}

/** What a contact read asks for to track it: the watched properties and those set at creation. */
export function trackedContactProperties(definitions: Pick<Definitions, 'propertiesRead'>): string[] {
  return [...new Set([...watchedProperties(definitions), ...CREATION_PROPERTIES])];
}

/** The watched properties no subscription covers, in the watched order. */
export function unsubscribedProperties(watched: readonly string[], subscribed: readonly string[]): string[] {
  const covered = new Set(subscribed);
  return watched.filter((property) => !covered.has(property));
}
