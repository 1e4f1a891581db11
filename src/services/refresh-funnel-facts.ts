import type { Definitions } from '../domain/definitions.ts';
import { refreshChannels } from '../storage/contact-stages-repository.ts';
import type { Database } from '../storage/database.ts';
import { refreshOpportunityInstants } from './record-opportunities.ts';

/**
 * After a definitions change: channels are re-read from the stored properties (the channel
 * property may be another one now), and won instants recomputed (the timezone may have moved).
 */
export async function refreshFunnelFacts(deps: {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly now: () => Date;
}): Promise<{ readonly channels: number; readonly opportunityContacts: number }> {
  const channels = await refreshChannels(deps.db, deps.definitions.funnel.channelProperty);
  const opportunityContacts = await refreshOpportunityInstants(deps);
  return { channels, opportunityContacts };
}
