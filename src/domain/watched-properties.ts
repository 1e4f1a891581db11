// The contact properties the backend reads and must hear about when they change. One list for
// the webhook subscriptions (`npm run webhooks:generate`), the boot check against them, and the
// batch reads of the workers and the backfill, so the three cannot drift apart.
import type { Definitions } from './definitions.ts';
import { CREATED_PROPERTY, funnelProperties } from './funnel-properties.ts';

/** The owner: handoff tracking and alerts read it whatever the definitions' handoff rule says. */
export const OWNER_PROPERTY = 'hubspot_owner_id';

/** Set when the contact is created and never after: the creation event covers them. */
export const CREATION_PROPERTIES: readonly string[] = [CREATED_PROPERTY];

type WatchedInputs = Pick<Definitions, 'propertiesRead' | 'funnel'>;

/** Properties whose changes must reach the backend: the definitions', the owner, the funnel's. */
export function watchedProperties(definitions: WatchedInputs): string[] {
  const funnel = funnelProperties(definitions).filter((name) => !CREATION_PROPERTIES.includes(name));
  return [...new Set([...definitions.propertiesRead, OWNER_PROPERTY, ...funnel])];
}

/** What a contact read asks for to track it: the watched properties and those set at creation. */
export function trackedContactProperties(definitions: WatchedInputs): string[] {
  return [...new Set([...watchedProperties(definitions), ...CREATION_PROPERTIES])];
}

/** The watched properties no subscription covers, in the watched order. */
export function unsubscribedProperties(watched: readonly string[], subscribed: readonly string[]): string[] {
  const covered = new Set(subscribed);
  return watched.filter((property) => !covered.has(property));
}
