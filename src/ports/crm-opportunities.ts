/** Where a linked opportunity comes from; one source per CRM connector that has opportunities. */
export type OpportunitySource = 'salesforce';

/**
 * A sales opportunity linked to a HubSpot contact, as a CRM connector hands it over (Salesforce:
 * the Opportunity a converted Lead's `ConvertedOpportunityId` names). It feeds the funnel's
 * `opportunity` and `won` stages and the KPI tree's revenue.
 */
export interface CrmOpportunity {
  /** The CRM's id of the opportunity (Salesforce `Id`). */
  readonly id: string;
  /** The HubSpot contact it is linked to. */
  readonly contactId: string;
  /** `CreatedDate`. */
  readonly createdAt: Date;
  /** `IsWon`. */
  readonly isWon: boolean;
  /** `CloseDate`, a calendar date `YYYY-MM-DD` (read in the definitions' timezone). */
  readonly closeDate: string | null;
  /** `Amount`, in the opportunity's currency; null when not set. */
  readonly amount: number | null;
}
