import type { Definitions } from '../../src/domain/definitions.ts';

/** Extra properties read with each contact: the alert names the lead. */
export const CONTACT_DISPLAY_PROPERTIES = ['firstname', 'lastname', 'email'];

/** What every contact read asks for: the definition's properties, and the lead's name for alerts. */
export function trackedProperties(core: { readonly definitions: Definitions }): string[] {
  return [...new Set([...core.definitions.propertiesRead, ...CONTACT_DISPLAY_PROPERTIES])];
}
