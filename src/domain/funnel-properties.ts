// The contact properties the funnel reads, and how they become a contact's funnel facts. One list,
// used by every CRM read of a contact (webhook batches, reconciliation, backfill, first view) and
// by the webhook subscriptions, so a fact the funnel needs can never go unread or unwatched.
import type { Definitions } from './definitions.ts';
import { readInstant } from './conditions.ts';

/** HubSpot's creation instant of the contact: the funnel's `lead` instant. */
export const CREATED_PROPERTY = 'createdate';
/** Set by HubSpot when `lifecyclestage` first becomes opportunity / customer (read-only). */
export const OPPORTUNITY_DATE_PROPERTY = 'hs_lifecyclestage_opportunity_date';
export const CUSTOMER_DATE_PROPERTY = 'hs_lifecyclestage_customer_date';
// The date properties above are calculated by HubSpot when the lifecycle stage moves; watching
// `lifecyclestage` itself is what makes a webhook fire when they are set.
const LIFECYCLE_STAGE_PROPERTY = 'lifecyclestage';

/**
 * Properties read with each contact for the funnel (no history needed): the creation date, the
 * channel (`funnel.channelProperty`), the lifecycle stage and its opportunity and customer dates.
 */
export function funnelProperties(definitions: Pick<Definitions, 'funnel'>): readonly string[] {
  return [
    CREATED_PROPERTY,
    definitions.funnel.channelProperty,
    LIFECYCLE_STAGE_PROPERTY,
    OPPORTUNITY_DATE_PROPERTY,
    CUSTOMER_DATE_PROPERTY,
  ];
}

/**
 * What one read of a contact says for the funnel. `undefined` means the read did not include the
 * property (keep what is stored); `null` means it is empty in the CRM.
 */
export interface FunnelFacts {
  readonly createdAt: Date | null | undefined;
  readonly channel: string | null | undefined;
  readonly hubspotOpportunityAt: Date | null | undefined;
  readonly hubspotCustomerAt: Date | null | undefined;
}

function instantOf(raw: string | null | undefined): Date | null | undefined {
  if (raw === undefined) return undefined;
  const instant = raw === null ? null : readInstant(raw);
  return instant === null ? null : new Date(instant.ms);
}

function textOf(raw: string | null | undefined): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const text = raw.trim();
  return text === '' ? null : text;
}

export function funnelFacts(
  definitions: Pick<Definitions, 'funnel'>,
  contact: {
    readonly properties: Readonly<Record<string, string | null | undefined>>;
    readonly createdAt: string | null;
  },
): FunnelFacts {
  const { properties } = contact;
  const created = instantOf(properties[CREATED_PROPERTY]) ?? instantOf(contact.createdAt ?? undefined);
  return {
    createdAt: created,
    channel: textOf(properties[definitions.funnel.channelProperty]),
    hubspotOpportunityAt: instantOf(properties[OPPORTUNITY_DATE_PROPERTY]),
    hubspotCustomerAt: instantOf(properties[CUSTOMER_DATE_PROPERTY]),
  };
}
