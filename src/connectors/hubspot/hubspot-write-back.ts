// The product's changes written to HubSpot contact properties: the property names come from the
// definitions; the lifecycle stage is HubSpot's own knowledge, so it is set here. One batch/update
// call per 100 contacts; each contact HubSpot refuses gets its own outcome.
import type { CrmChanges } from '../../domain/crm-changes.ts';
import type { Definitions } from '../../domain/definitions.ts';
import { formatGroundsText } from '../../domain/grounds-text.ts';
import { ok } from '../../domain/result.ts';
import type { CrmContacts } from '../../ports/crm-contacts.ts';
import type { CrmWriteBack, CrmWriteOutcome } from '../../ports/crm-write-back.ts';

// HubSpot takes ≤ 100 inputs per batch/update call (CRM API, "Batch update contacts").
export const HUBSPOT_BATCH_MAX = 100;
// HubSpot's own lifecycle stage an accepted verdict may set (definitions: writeBack).
const LIFECYCLE_STAGE = 'lifecyclestage';
const SALES_QUALIFIED_LEAD = 'salesqualifiedlead';

/** The contact properties a change sets in HubSpot (names from the definitions). */
export function toHubSpotProperties(
  definitions: Pick<Definitions, 'properties' | 'writeBack' | 'timezone'>,
  changes: CrmChanges,
): Record<string, string> {
  const names = definitions.properties;
  const properties: Record<string, string> = {};
  const { qualification, verdict, slaStatus } = changes;
  if (qualification !== undefined) {
    properties[names.mqlDefinitionVersion] = qualification.definitionVersion;
    properties[names.mqlQualifiedAt] = qualification.qualifiedAt;
    properties[names.mqlGrounds] = formatGroundsText(definitions, qualification.grounds);
    properties[names.mqlHandoffDueAt] = qualification.handoffDueAt;
  }
  if (verdict !== undefined) {
    properties[names.sqlVerdict] = verdict.verdict;
    properties[names.sqlVerdictReason] = verdict.reasonCode;
    // An empty string clears a previous verdict's note in HubSpot.
    properties[names.sqlVerdictNote] = verdict.note ?? '';
    properties[names.sqlVerdictAt] = verdict.decidedAt;
    properties[names.sqlVerdictBy] = verdict.decidedBy ?? '';
    if (verdict.verdict === 'accepted' && definitions.writeBack.lifecycleStageOnAccepted) {
      properties[LIFECYCLE_STAGE] = SALES_QUALIFIED_LEAD;
    }
  }
  if (slaStatus !== undefined) properties[names.mqlSlaStatus] = slaStatus;
  return properties;
}

/** The HubSpot contacts connector behind the CRM-neutral write-back port. */
export function createHubSpotWriteBack(
  crm: Pick<CrmContacts, 'updateContacts'>,
  definitions: Pick<Definitions, 'properties' | 'writeBack' | 'timezone'>,
): CrmWriteBack {
  return {
    maxBatchSize: HUBSPOT_BATCH_MAX,
    async write(records) {
      const outcomes: CrmWriteOutcome[] = [];
      for (let start = 0; start < records.length; start += HUBSPOT_BATCH_MAX) {
        const batch = records.slice(start, start + HUBSPOT_BATCH_MAX);
        const result = await crm.updateContacts(
          batch.map((record) => ({
            id: record.contactId,
            // Values queued in HubSpot's words before the outbox kept changes in ours go first.
            properties: { ...record.carried, ...toHubSpotProperties(definitions, record.changes) },
          })),
        );
        if (!result.ok) {
          if (start === 0) return result;
          for (const record of batch)
            outcomes.push({
              contactId: record.contactId,
              status: 'failed',
              error: result.error,
              final: false,
            });
          continue;
        }
        const failures = new Map(result.value.failed.map((failure) => [failure.id, failure.error]));
        for (const record of batch) {
          const error = failures.get(record.contactId);
          outcomes.push(
            error === undefined
              ? { contactId: record.contactId, status: 'written', recordId: record.contactId }
              : {
                  contactId: record.contactId,
                  status: 'failed',
                  error,
                  // HubSpot refused the values or the contact is gone: sending them again cannot succeed.
                  final: error.code === 'validation' || error.code === 'not_found',
                },
          );
        }
      }
      return ok(outcomes);
    },
  };
}
