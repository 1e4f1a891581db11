import type { Definitions } from '../../src/domain/definitions.ts';
import { trackedContactProperties } from '../../src/domain/watched-properties.ts';

/** Extra properties read with each contact: the alert names the lead. */
export const CONTACT_DISPLAY_PROPERTIES = ['firstname', 'lastname', 'email'];

/**
 * HubSpot's own Salesforce connector keeps the contact's Lead id here: with Salesforce on, the
 * write-back finds a Lead our link field does not name yet through it.
 */
export const SALESFORCE_LEAD_ID_PROPERTY = 'salesforceleadid';

/**
 * What every contact read asks for: the definition's properties, the owner, the funnel's facts
 * (creation date, channel, lifecycle dates), the lead's name for alerts, and with Salesforce on,
 * the Lead id HubSpot's Salesforce connector recorded.
 */
export function trackedProperties(core: {
  readonly definitions: Definitions;
  readonly salesforce?: object | null;
}): string[] {
  return [
    ...new Set([
      ...trackedContactProperties(core.definitions),
      ...CONTACT_DISPLAY_PROPERTIES,
      ...(core.salesforce ? [SALESFORCE_LEAD_ID_PROPERTY] : []),
    ]),
  ];
}
