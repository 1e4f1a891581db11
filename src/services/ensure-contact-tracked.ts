import type { ConnectorError } from '../domain/connector-error.ts';
import type { CrmContacts } from '../ports/crm-contacts.ts';
import type { CrmPortal } from './crm-portal.ts';
import { trackContact } from './track-contact.ts';
import type { TrackingDeps } from './track-contact.ts';

export interface FirstViewDeps extends TrackingDeps {
  readonly crm: CrmContacts | null;
  readonly crmPortal: CrmPortal;
  /** Properties read with the contact; history is read for the definition's own (as webhooks do). */
  readonly propertiesToRead: readonly string[];
}

export type FirstViewOutcome =
  /** The store already had it: no CRM call. */
  | { readonly kind: 'known' }
  /** Read from the CRM once and tracked now. */
  | { readonly kind: 'tracked' }
  /** The CRM has no such contact, or no CRM serves this portal. */
  | { readonly kind: 'not_found' }
  /** The CRM could not be read (rate limit, outage, revoked token): try again later. */
  | { readonly kind: 'crm_unavailable'; readonly error: ConnectorError };

/** Makes sure a contact a rep names (card, verdict) is tracked, reading it from the CRM the first time. */
export interface ContactFirstView {
  ensureTracked(portalId: string, contactId: string): Promise<FirstViewOutcome>;
}

async function isTracked(deps: FirstViewDeps, portalId: string, contactId: string): Promise<boolean> {
  const { rows } = await deps.db.query(
    'SELECT 1 FROM contacts WHERE portal_id = $1 AND contact_id = $2',
    [portalId, contactId],
    'contact-tracked',
  );
  return rows.length > 0;
}

/**
 * A contact the store has not seen (created before the install, webhook still in flight) is read
 * from the CRM once, with history, and tracked exactly as a webhook would track it: same
 * `trackContact`, so the same qualifiedAt rule and the same deadlines. Concurrent first views of
 * one contact in this process share one read; across instances the store and the contact's
 * advisory lock make a second tracking change nothing. Later views find it in the store.
 */
export function createContactFirstView(deps: FirstViewDeps): ContactFirstView {
  const inflight = new Map<string, Promise<FirstViewOutcome>>();

  const readAndTrack = async (portalId: string, contactId: string): Promise<FirstViewOutcome> => {
    const crm = deps.crm;
    if (!crm) return { kind: 'not_found' };
    // Another request (or instance) may have tracked it while this one waited for its turn.
    if (await isTracked(deps, portalId, contactId)) return { kind: 'known' };
    const read = await crm.readContacts([contactId], deps.propertiesToRead, deps.definitions.propertiesRead);
    if (!read.ok) {
      if (read.error.code === 'not_found') return { kind: 'not_found' };
      deps.logger.warn({ portalId, contactId, error: read.error }, 'first view: the CRM could not be read');
      return { kind: 'crm_unavailable', error: read.error };
    }
    const contact = read.value.find((candidate) => candidate.id === contactId);
    if (!contact) return { kind: 'not_found' };
    const outcome = await trackContact(deps, portalId, contact, null);
    deps.logger.info(
      { portalId, contactId, status: outcome.status, qualified: outcome.qualified },
      'first view: contact read from the CRM and tracked',
    );
    return { kind: 'tracked' };
  };

  return {
    async ensureTracked(portalId, contactId) {
      if (await isTracked(deps, portalId, contactId)) return { kind: 'known' };
      if (!deps.crm) return { kind: 'not_found' };
      const served = await deps.crmPortal.resolve();
      if (served === null) return { kind: 'not_found' };
      if (!served.ok) return { kind: 'crm_unavailable', error: served.error };
      // The token reads one portal: a contact id of another portal would be another contact.
      if (served.value !== portalId) return { kind: 'not_found' };
      const key = `${portalId}:${contactId}`;
      let pending = inflight.get(key);
      if (!pending) {
        pending = readAndTrack(portalId, contactId).finally(() => {
          inflight.delete(key);
        });
        inflight.set(key, pending);
      }
      return pending;
    },
  };
}
