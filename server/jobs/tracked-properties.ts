import type { Definitions } from '../../src/domain/definitions.ts';
import { trackedContactProperties } from '../../src/domain/watched-properties.ts';

/** Extra properties read with each contact: the alert names the lead. */
export const CONTACT_DISPLAY_PROPERTIES = ['firstname', 'lastname', 'email'];

/**
 * What every contact read asks for: the definition's properties, the owner, the funnel's facts
 * (creation date, channel, lifecycle dates) and the lead's name for alerts.
 */
export function trackedProperties(core: { readonly definitions: Definitions }): string[] {
  return [...new Set([...trackedContactProperties(core.definitions), ...CONTACT_DISPLAY_PROPERTIES])];
}
