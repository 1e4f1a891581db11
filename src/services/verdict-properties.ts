import type { Definitions } from '../domain/definitions.ts';
import type { SlaStatus } from '../domain/sla-status.ts';
import type { VerdictRow } from '../storage/verdict-repository.ts';

/** The contact properties a verdict sets in HubSpot (names from the definitions). */
export function toHubSpotVerdictProperties(
  definitions: Definitions,
  verdict: VerdictRow,
  slaStatus: SlaStatus | null,
): Record<string, string> {
  const names = definitions.properties;
  const properties: Record<string, string> = {
    [names.sqlVerdict]: verdict.verdict,
    [names.sqlVerdictReason]: verdict.reasonCode,
    // An empty string clears a previous verdict's note in HubSpot.
    [names.sqlVerdictNote]: verdict.note ?? '',
    [names.sqlVerdictAt]: verdict.decidedAt.toISOString(),
    [names.sqlVerdictBy]: verdict.decidedBy ?? '',
  };
  if (slaStatus !== null) properties[names.mqlSlaStatus] = slaStatus;
  if (verdict.verdict === 'accepted' && definitions.writeBack.lifecycleStageOnAccepted) {
    properties['lifecyclestage'] = 'salesqualifiedlead';
  }
  return properties;
}
